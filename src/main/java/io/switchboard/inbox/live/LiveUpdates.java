package io.switchboard.inbox.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Feeds the live streams from the conversation event log, so that a client connected to any replica sees
 * what happened on every replica. While anyone listens, it reads the events written since the last look
 * (with an overlap for transactions that committed late, and a memory of what was sent) every half second.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** A transaction stamps its events before it commits; events committed this much later are still seen. */
    private static final Duration OVERLAP = Duration.ofSeconds(2);

    private static final int PAGE = 2000;
    /** Events that change an existing message rather than add one. */
    private static final java.util.Set<String> UPDATES_OF_A_MESSAGE =
            java.util.Set.of("DELIVERY_UPDATED", "REPLY_EDITED");

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final BroadcastProcessor<Stamped> processor = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();
    private final Cache<String, Boolean> sent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(2))
            .maximumSize(200_000)
            .build();
    private volatile Thread poller;
    private volatile boolean running = true;
    private Instant watermark;

    public LiveUpdates(AgroalDataSource dataSource, ObjectMapper mapper, Clock clock) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The activity of one tenant, from now on (events stamped before the subscription are history). */
    public Multi<InboxActivity> of(String tenantId) {
        return stamped(tenantId).map(Stamped::activity);
    }

    /**
     * The events of one tenant's conversation log as they are written, from now on, for streams that need more
     * than {@link #of}'s summary (their type and data). The data must not be changed.
     */
    public Multi<LoggedEvent> events(String tenantId) {
        return stamped(tenantId).map(Stamped::event);
    }

    private Multi<Stamped> stamped(String tenantId) {
        Instant since = clock.instant();
        return processor
                .filter(e ->
                        !e.event().at().isBefore(since) && e.event().tenantId().equals(tenantId))
                .onSubscription()
                .invoke(() -> {
                    listeners.incrementAndGet();
                    startPolling();
                })
                .onTermination()
                .invoke(listeners::decrementAndGet);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private synchronized void startPolling() {
        if (poller == null) {
            watermark = clock.instant().minus(OVERLAP);
            poller = Thread.ofPlatform().daemon().name("live-updates").start(this::pollLoop);
        }
    }

    private void pollLoop() {
        while (running) {
            if (listeners.get() > 0) {
                try {
                    poll();
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("Reading the conversation events for live updates failed; retrying", e);
                }
            } else {
                // Nobody listens: start from the present when someone does.
                watermark = clock.instant().minus(OVERLAP);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /** Reads every event since the watermark, page by page, and moves the watermark to the newest less the overlap. */
    private void poll() throws SQLException {
        Instant pageAt = watermark;
        String pageId = "";
        Instant newest = null;
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT id, tenant_id, conversation_id, type, data, created_at FROM conversation_event"
                                // The leading range keeps the index on (created_at, id) usable.
                                + " WHERE created_at >= ? AND (created_at > ? OR id > ?) ORDER BY created_at, id LIMIT "
                                + PAGE)) {
            int rows;
            do {
                UtcColumns.set(select, 1, pageAt);
                UtcColumns.set(select, 2, pageAt);
                select.setString(3, pageId);
                rows = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        pageId = rs.getString(1);
                        pageAt = UtcColumns.get(rs, 6);
                        newest = pageAt;
                        if (sent.asMap().putIfAbsent(pageId, Boolean.TRUE) == null) {
                            LoggedEvent event = new LoggedEvent(
                                    pageId,
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    data(rs.getString(5)),
                                    pageAt);
                            processor.onNext(new Stamped(event, activity(event)));
                        }
                    }
                }
            } while (rows == PAGE && running);
        }
        if (newest != null) {
            // Never past the present: a row stamped in the future (a skewed clock) must not hide what comes next.
            Instant now = clock.instant();
            Instant next = (newest.isAfter(now) ? now : newest).minus(OVERLAP);
            if (next.isAfter(watermark)) {
                watermark = next;
            }
        }
    }

    /** An event as logged, and what it means to the inbox's streams (read once, for every listener). */
    private record Stamped(LoggedEvent event, InboxActivity activity) {}

    private static InboxActivity activity(LoggedEvent event) {
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
