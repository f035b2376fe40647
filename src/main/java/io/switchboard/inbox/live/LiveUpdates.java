package io.switchboard.inbox.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.inbox.InboxActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Feeds the live streams from the conversation event log, so that a client connected to any replica sees what
 * happened on every replica, and resumes where it left off.
 *
 * <p>Each event has its position in the log ({@code seq}, AUTO_INCREMENT). One poller per replica reads the events
 * after the last one it handed out, every half second, in the order of their positions. Positions are taken when a
 * row is inserted, before its transaction commits, so a later position can commit first: the poller then holds back
 * at the gap. A gap is passed once it is at least {@link #GAP_GRACE} old and a locking read of the missing positions
 * (which waits for the transactions that inserted them to end) finds them gone (rolled back) or committed (then they
 * are sent first); at most {@code switchboard.streams.gap-hold} after it was seen (an insert still uncommitted then is
 * logged and skipped by the live feed, though a client that resumes later still reads it from the log).
 *
 * <p>A stream registers with the poller and learns its position in one step, then reads from the log what its client
 * missed up to that position, then takes the poller's events after it: nothing missed, nothing twice.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    /**
     * A gap is never passed sooner: a multi-row insert takes its positions before its rows reach the index, where
     * the locking read would wait for them.
     */
    static final Duration GAP_GRACE = Duration.ofSeconds(1);

    private static final int PAGE = 2000;

    /** Missed events one resumption sends at most; a client further behind reloads its lists instead (resync). */
    static final int MAX_REPLAY = 10_000;

    /** Items waiting for one stream (a slow client); more end it, and its client resumes where it was. */
    static final int MAX_PENDING = 20_000;

    /** An event id this service gives: a position, in decimal. */
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;

    private static final String COLUMNS = "SELECT seq, id, tenant_id, conversation_id, type, data, created_at";

    /** Events that change an existing message rather than add one. */
    private static final Set<String> UPDATES_OF_A_MESSAGE = Set.of("DELIVERY_UPDATED", "REPLY_EDITED");

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration gapHold;
    private final Duration retention;

    /** Guards the position and the adding of listeners: a stream registers and learns the position in one step. */
    private final Object lock = new Object();

    /** Copied on write: a stream that ends leaves it without the lock, even while its events are handed out. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The position of the last event handed out; every event at or before it was handed out or is gone. */
    private long position;

    private Thread poller;
    private volatile boolean running = true;

    /** The position where the poller waits at a gap, and since when; -1 when it does not wait. */
    private long gapAfter = -1;

    private Instant gapSeenAt;

    public LiveUpdates(AgroalDataSource dataSource, ObjectMapper mapper, Clock clock, SwitchboardConfig config) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
        this.gapHold = config.streams().gapHold();
        this.retention = config.streams().resumeRetention();
    }

    /**
     * The events of one tenant's log from now on, for streams that do not resume (the chat visitors'). The data
     * must not be changed.
     */
    public Multi<LoggedEvent> events(String tenantId) {
        return follow(tenantId, null)
                .filter(item -> item instanceof StreamItem.Logged)
                .map(item -> ((StreamItem.Logged) item).event());
    }

    /**
     * One tenant's stream: first what its client missed after {@code lastEventId} (an id this stream gave, or
     * null for none), or a {@link StreamItem.Resync} when that cannot be sent, then a {@link StreamItem.Position},
     * then each event as it is written. Ids that are not positions of this log, or positions past its end, resync;
     * only the tenant's own events are ever read.
     */
    public Multi<StreamItem> follow(String tenantId, String lastEventId) {
        return Multi.createFrom()
                .<StreamItem>deferred(() -> {
                    // Buffered up to MAX_PENDING for a slow client; past it, the stream fails (and its client
                    // resumes). A unicast processor on a multi-consumer queue, not Mutiny's buffering emitter: that
                    // one clears its single-consumer queue on cancellation while another thread may be draining it,
                    // which can leave an event-loop thread spinning for ever.
                    Listener listener = new Listener(tenantId);
                    UnicastProcessor<StreamItem> processor =
                            UnicastProcessor.create(new BoundedQueue<>(MAX_PENDING), () -> listeners.remove(listener));
                    listener.processor = processor;
                    open(listener, lastEventId);
                    return processor;
                })
                // Registering may start the poller, and resuming reads the log: off the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void open(Listener listener, String lastEventId) {
        long start;
        try {
            synchronized (lock) {
                startPolling();
                start = position;
                listeners.add(listener);
            }
        } catch (SQLException | RuntimeException e) {
            listener.fail(e);
            return;
        }
        try {
            listener.begin(opening(listener.tenantId, lastEventId, start));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Resuming a live stream failed", e);
            listener.fail(e);
        }
    }

    /** What a stream sends before the live events, which come after {@code start}. */
    private List<StreamItem> opening(String tenantId, String lastEventId, long start) throws SQLException {
        if (lastEventId == null) {
            // A new stream shows what happens from now on. Events already written are in what its client loads (the
            // poller, just started, may still be catching up on them): it starts at the newest event, not at the
            // feed's position. (A write whose event is older yet commits only after this is not shown live.)
            try (Connection c = dataSource.getConnection()) {
                return List.of(new StreamItem.Position(Math.max(start, lastPosition(c))));
            }
        }
        OptionalLong after = parse(lastEventId);
        if (after.isEmpty()) {
            return List.of(new StreamItem.Resync(start, "unknown"));
        }
        long missedAfter = after.getAsLong();
        try (Connection c = dataSource.getConnection()) {
            if (missedAfter > start) {
                // Ahead of this replica's feed (another replica sent it): the client has everything up to it. A
                // position past the log's end was never given by it.
                return missedAfter <= lastPosition(c)
                        ? List.of(new StreamItem.Position(missedAfter))
                        : List.of(new StreamItem.Resync(start, "unknown"));
            }
            List<StreamItem> items = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(COLUMNS + " FROM conversation_event"
                    + " WHERE tenant_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT " + (MAX_REPLAY + 1))) {
                select.setString(1, tenantId);
                select.setLong(2, missedAfter);
                select.setLong(3, start);
                Instant oldestKept = clock.instant().minus(retention);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        LoggedEvent event = event(rs);
                        if (items.isEmpty() && event.at().isBefore(oldestKept)) {
                            return List.of(new StreamItem.Resync(start, "expired"));
                        }
                        if (items.size() == MAX_REPLAY) {
                            return List.of(new StreamItem.Resync(start, "too-many"));
                        }
                        items.add(new StreamItem.Logged(event));
                    }
                }
            }
            items.add(new StreamItem.Position(start));
            return items;
        }
    }

    /** The position an event id names, if it is one. */
    static OptionalLong parse(String eventId) {
        String id = eventId.strip();
        return POSITION.matcher(id).matches() ? OptionalLong.of(Long.parseLong(id)) : OptionalLong.empty();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Starts the poller at the first stream, from a position before every event that may still be in flight. */
    private void startPolling() throws SQLException {
        if (poller != null) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement recent =
                        c.prepareStatement("SELECT MIN(seq) FROM conversation_event WHERE created_at >= ?")) {
            UtcColumns.set(recent, 1, clock.instant().minus(gapHold));
            long first;
            try (ResultSet rs = recent.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
            }
            // The events of the last moments are read again (nobody listened yet) so that one still uncommitted
            // below the newest is waited for like any gap.
            position = first > 0 ? first - 1 : lastPosition(c);
        }
        poller = Thread.ofPlatform().daemon().name("live-updates").start(this::pollLoop);
    }

    private static long lastPosition(Connection c) throws SQLException {
        try (PreparedStatement last = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM conversation_event");
                ResultSet rs = last.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void pollLoop() {
        while (running) {
            boolean again = false;
            try {
                again = poll();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Reading the conversation events for live updates failed; retrying", e);
            }
            if (!again) {
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            }
        }
    }

    /**
     * Hands out the events after the position, in order, up to a gap that must be waited for.
     *
     * @return whether to read again at once (a full page, or events that committed late)
     */
    private boolean poll() throws SQLException {
        long from;
        synchronized (lock) {
            from = position;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        COLUMNS + " FROM conversation_event WHERE seq > ? ORDER BY seq LIMIT " + PAGE)) {
            select.setLong(1, from);
            List<LoggedEvent> page = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    page.add(event(rs));
                }
            }
            for (LoggedEvent event : page) {
                if (event.seq() != from + 1) {
                    Gap gap = gap(c, from, event.seq());
                    if (gap == Gap.WAIT) {
                        return false;
                    }
                    if (gap == Gap.FILLED) {
                        return true;
                    }
                }
                hand(event);
                from = event.seq();
            }
            return page.size() == PAGE;
        }
    }

    private enum Gap {
        /** Positions in it may still commit. */
        WAIT,
        /** Some of its positions committed since the page was read: read again. */
        FILLED,
        /** Nothing will come in it: go on. */
        PASSED
    }

    /** Whether the positions strictly between {@code after} and {@code next} can be passed. */
    private Gap gap(Connection c, long after, long next) throws SQLException {
        Instant now = clock.instant();
        if (gapAfter != after) {
            gapAfter = after;
            gapSeenAt = now;
            return Gap.WAIT;
        }
        Duration open = Duration.between(gapSeenAt, now);
        if (open.compareTo(GAP_GRACE) < 0) {
            return Gap.WAIT;
        }
        if (open.compareTo(gapHold) >= 0) {
            LOG.warnf(
                    "Live updates passed positions %d to %d of the conversation event log after waiting %s for"
                            + " them to commit; streams that resume later read them if they committed",
                    after + 1, next - 1, gapHold);
            gapAfter = -1;
            return Gap.PASSED;
        }
        // Read committed, so no gap locks: waits only for the transactions that inserted rows in the range.
        try (PreparedStatement locking = c.prepareStatement(
                "SELECT seq FROM conversation_event WHERE seq > ? AND seq < ? LOCK IN SHARE MODE WAIT 1")) {
            locking.setLong(1, after);
            locking.setLong(2, next);
            try (ResultSet rs = locking.executeQuery()) {
                if (rs.next()) {
                    return Gap.FILLED;
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == LOCK_WAIT_TIMEOUT || e.getErrorCode() == DEADLOCK) {
                return Gap.WAIT;
            }
            throw e;
        }
        gapAfter = -1;
        return Gap.PASSED;
    }

    private void hand(LoggedEvent event) {
        synchronized (lock) {
            position = event.seq();
            for (Listener listener : listeners) {
                if (listener.tenantId.equals(event.tenantId())) {
                    listener.offer(event);
                }
            }
        }
    }

    private LoggedEvent event(ResultSet rs) throws SQLException {
        return new LoggedEvent(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                data(rs.getString(6)),
                UtcColumns.get(rs, 7));
    }

    /** One open stream: events handed to it wait until its opening (what its client missed) was sent. */
    private static final class Listener {

        final String tenantId;
        /** Set once, before the listener is registered. */
        private UnicastProcessor<StreamItem> processor;
        /** Events handed out before the opening was sent; null once it was. */
        private List<LoggedEvent> waiting = new ArrayList<>();
        /** The position of what was sent last. */
        private long sent = -1;

        Listener(String tenantId) {
            this.tenantId = tenantId;
        }

        synchronized void offer(LoggedEvent event) {
            if (waiting == null) {
                send(new StreamItem.Logged(event));
            } else if (waiting.size() < MAX_PENDING) {
                waiting.add(event);
            } else {
                waiting = List.of();
                processor.onError(new IllegalStateException("A live stream fell too far behind"));
            }
        }

        synchronized void begin(List<StreamItem> opening) {
            opening.forEach(this::send);
            List<LoggedEvent> handed = waiting;
            waiting = null;
            handed.forEach(event -> send(new StreamItem.Logged(event)));
        }

        synchronized void fail(Throwable failure) {
            processor.onError(failure);
        }

        /**
         * Sends an item past what was sent; a resync always (it names where the stream goes on). Items are sent one
         * at a time (the methods are synchronized); a full buffer fails the stream.
         */
        private void send(StreamItem item) {
            if (item.position() > sent || item instanceof StreamItem.Resync) {
                processor.onNext(item);
                sent = Math.max(sent, item.position());
            }
        }
    }

    /**
     * A queue that several threads may poll at once (a drain and a cancellation's clear), refusing items past its
     * capacity.
     */
    static final class BoundedQueue<T> extends AbstractQueue<T> {

        private final Queue<T> items = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int capacity;

        BoundedQueue(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean offer(T item) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            items.add(item);
            return true;
        }

        @Override
        public T poll() {
            T item = items.poll();
            if (item != null) {
                size.decrementAndGet();
            }
            return item;
        }

        @Override
        public T peek() {
            return items.peek();
        }

        @Override
        public int size() {
            return Math.max(0, size.get());
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }
    }

    /** What an event means to the inbox's streams. */
    static InboxActivity activity(LoggedEvent event) {
        if ("CONVERSATION_CREATED".equals(event.type())) {
            return new InboxActivity(
                    InboxActivity.Type.CONVERSATION_CREATED, event.tenantId(), event.conversationId(), null);
        }
        // Events about a message (received, note, reply; its delivery, an edit) name it in their data.
        JsonNode messageId = event.data().get("messageId");
        if (messageId != null && !messageId.isNull()) {
            InboxActivity.Type type = UPDATES_OF_A_MESSAGE.contains(event.type())
                    ? InboxActivity.Type.MESSAGE_UPDATED
                    : InboxActivity.Type.MESSAGE_CREATED;
            return new InboxActivity(type, event.tenantId(), event.conversationId(), messageId.asText());
        }
        return new InboxActivity(
                InboxActivity.Type.CONVERSATION_UPDATED, event.tenantId(), event.conversationId(), null);
    }

    /** The event's data; an empty object when there is none or it is unreadable. */
    private JsonNode data(String data) {
        if (data == null || data.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(data);
        } catch (java.io.IOException e) {
            return mapper.createObjectNode();
        }
    }
}
