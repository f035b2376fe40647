package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Stores inbound messages exactly once, in batches. Webhook requests hand their messages over and wait; writer
 * threads take whatever has queued up and store it in one transaction with a handful of multi-row statements,
 * so the cost of a commit is shared by every message of the batch (group commit). The provider's id is unique
 * per channel in the database, so replays, retries and concurrent copies, on any replica, store nothing twice.
 * A request is answered only after its batch committed.
 */
@ApplicationScoped
public class InboundIngestor {

    private static final Logger LOG = Logger.getLogger(InboundIngestor.class);
    private static final int QUEUE_CAPACITY = 20_000;
    private static final int MAX_ATTEMPTS = 8;

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Event<InboxActivity> activity;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public InboundIngestor(
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            Clock clock,
            Event<InboxActivity> activity,
            SwitchboardConfig config) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
        this.activity = activity;
        this.maxBatch = config.ingest().maxBatch();
        for (int i = 0; i < config.ingest().writers(); i++) {
            Thread writer =
                    Thread.ofPlatform().name("inbound-writer-" + i).daemon().unstarted(this::writeLoop);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Queues a message for storage. The stage completes once it is durably stored (or found stored already);
     * it fails when storage failed, and at once when the service is overloaded ({@link
     * RejectedExecutionException}), in which case the provider should retry later.
     */
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        Objects.requireNonNull(message.externalId(), "externalId");
        Pending pending = new Pending(message, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new RejectedExecutionException("Inbound queue is full"));
        }
        return pending.result;
    }

    /**
     * Queues the messages of one provider delivery. The stage completes once every one is stored (or found
     * stored already), so a webhook can acknowledge the whole delivery; it fails with the first failure's own
     * exception (for example {@link RejectedExecutionException}), and the provider's retry stores only what is
     * still missing.
     */
    public CompletionStage<List<IngestResult>> submitAll(List<InboundMessage> messages) {
        List<CompletableFuture<IngestResult>> stages =
                messages.stream().map(m -> submit(m).toCompletableFuture()).toList();
        CompletableFuture<List<IngestResult>> all = new CompletableFuture<>();
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure == null) {
                all.complete(stages.stream().map(CompletableFuture::join).toList());
            } else {
                // Unwrapped, so that the exception mappers see the cause rather than a CompletionException.
                all.completeExceptionally(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            }
        });
        return all;
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch, maxBatch);
                    if (batch.isEmpty()) {
                        return;
                    }
                }
            }
            queue.drainTo(batch, maxBatch - batch.size());
            if (!batch.isEmpty()) {
                store(batch);
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<InboxActivity> changes = writeBatch(batch);
                changes.forEach(change -> activity.fireAsync(change).exceptionally(e -> {
                    LOG.warn("An inbox activity observer failed", e);
                    return null;
                }));
                return;
            } catch (SQLException | RuntimeException e) {
                boolean retryable = e instanceof SQLTransientException
                        || (e instanceof SQLException sql && "40001".equals(sql.getSQLState()));
                if (retryable && attempt < MAX_ATTEMPTS) {
                    LOG.debugf("Inbound batch of %d retried after a transient failure: %s", batch.size(), e);
                    // Lock conflicts clear when the other transaction ends; a little random wait avoids a rerun.
                    java.util.concurrent.locks.LockSupport.parkNanos(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L << attempt));
                    continue;
                }
                LOG.errorf(e, "Storing an inbound batch of %d messages failed", batch.size());
                batch.forEach(p -> p.result.completeExceptionally(e));
                return;
            }
        }
    }

    /** Writes one batch in one transaction; completes the futures after the commit. */
    private List<InboxActivity> writeBatch(List<Pending> batch) throws SQLException {
        Instant now = clock.instant();
        Map<MessageKey, Pending> firsts = new LinkedHashMap<>();
        Map<Pending, Pending> copies = new HashMap<>();
        for (Pending p : batch) {
            Pending first = firsts.putIfAbsent(MessageKey.of(p.message), p);
            if (first != null) {
                copies.put(p, first);
            }
        }
        Map<Pending, IngestResult> results = new HashMap<>();
        List<InboxActivity> changes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // The datasource runs READ COMMITTED: reads see rows that concurrent batches (on any replica)
            // committed while this one ran, so an INSERT IGNORE that lost a race can read the winner's row.
            connection.setAutoCommit(false);
            try {
                List<Pending> fresh = dropStored(connection, firsts, results);
                if (!fresh.isEmpty()) {
                    Map<IdentityKey, String> contacts = contacts(connection, fresh, now);
                    Map<Pending, String> conversationOf = conversations(connection, fresh, contacts, now, changes);
                    insertMessages(connection, fresh, conversationOf, now, results, changes);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        results.forEach((pending, result) -> pending.result.complete(result));
        copies.forEach((copy, first) -> {
            IngestResult r = results.get(first);
            copy.result.complete(new IngestResult(r.messageId(), r.conversationId(), true));
        });
        return changes;
    }

    /** Completes the messages already stored (replays, retries) and returns the others. */
    private List<Pending> dropStored(Connection c, Map<MessageKey, Pending> firsts, Map<Pending, IngestResult> results)
            throws SQLException {
        Map<MessageKey, String[]> stored = storedMessages(c, firsts.keySet());
        List<Pending> fresh = new ArrayList<>();
        firsts.forEach((key, pending) -> {
            String[] row = stored.get(key);
            if (row == null) {
                fresh.add(pending);
            } else {
                results.put(pending, new IngestResult(row[0], row[1], true));
            }
        });
        return fresh;
    }

    /** Finds or creates the contact behind each sender, race-free through the identity's unique key. */
    private Map<IdentityKey, String> contacts(Connection c, List<Pending> fresh, Instant now) throws SQLException {
        Map<IdentityKey, Pending> senders = new LinkedHashMap<>();
        fresh.forEach(p -> senders.putIfAbsent(IdentityKey.of(p.message), p));
        Map<IdentityKey, String> found = selectIdentities(c, senders.keySet());
        // Rows are inserted in key order, so concurrent batches take their locks in the same order.
        Map<IdentityKey, String> created = new TreeMap<>();
        senders.forEach((key, p) -> {
            if (!found.containsKey(key)) {
                created.put(key, Ids.newId());
            }
        });
        if (!created.isEmpty()) {
            insertRows(
                    c,
                    "INSERT INTO contact (id, tenant_id, name, email, phone, created_at, updated_at) VALUES ",
                    7,
                    created.entrySet(),
                    (e, row) -> {
                        InboundMessage m = senders.get(e.getKey()).message;
                        InboundMessage.Sender s = m.sender();
                        String handle = s.handle() != null ? s.handle() : s.externalId();
                        row.add(e.getValue());
                        row.add(m.channel().tenantId());
                        row.add(truncate(s.name(), 255));
                        row.add(s.kind() == IdentityKind.EMAIL ? truncate(handle, 320) : truncate(s.email(), 320));
                        row.add(s.kind() == IdentityKind.PHONE ? truncate(handle, 32) : null);
                        row.add(ts(now));
                        row.add(ts(now));
                    });
            int stored = insertRows(
                    c,
                    "INSERT IGNORE INTO contact_identity (id, tenant_id, contact_id, channel_id, kind, external_id,"
                            + " handle, created_at) VALUES ",
                    8,
                    created.entrySet(),
                    (e, row) -> {
                        InboundMessage m = senders.get(e.getKey()).message;
                        row.add(Ids.newId());
                        row.add(m.channel().tenantId());
                        row.add(e.getValue());
                        row.add(m.channel().id());
                        row.add(m.sender().kind().name());
                        row.add(m.sender().externalId());
                        row.add(truncate(m.sender().handle(), 255));
                        row.add(ts(now));
                    });
            // Another replica may have recognised the same new person at the same moment: then its row won.
            Map<IdentityKey, String> winners =
                    stored == created.size() ? created : selectIdentities(c, created.keySet());
            List<String> orphans = created.entrySet().stream()
                    .filter(e -> !e.getValue().equals(winners.get(e.getKey())))
                    .map(Map.Entry::getValue)
                    .toList();
            if (!orphans.isEmpty()) {
                execute(c, "DELETE FROM contact WHERE id IN (" + marks(orphans.size()) + ")", orphans);
            }
            found.putAll(winners);
        }
        return found;
    }

    /** Finds or creates each message's conversation; reopens conversations that were no longer open. */
    private Map<Pending, String> conversations(
            Connection c,
            List<Pending> fresh,
            Map<IdentityKey, String> contacts,
            Instant now,
            List<InboxActivity> changes)
            throws SQLException {
        Map<Pending, String> conversationOf = new HashMap<>();
        joinRepliedThreads(c, fresh, conversationOf);

        Map<ThreadKey, Pending> threads = new LinkedHashMap<>();
        fresh.stream()
                .filter(p -> !conversationOf.containsKey(p))
                .forEach(p -> threads.putIfAbsent(ThreadKey.of(p.message), p));
        Map<ThreadKey, String> existing = selectThreads(c, threads.keySet());
        Map<ThreadKey, String> proposed = new TreeMap<>();
        threads.keySet().stream().filter(k -> !existing.containsKey(k)).forEach(k -> proposed.put(k, Ids.newId()));
        if (!proposed.isEmpty()) {
            int stored = insertRows(
                    c,
                    "INSERT IGNORE INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, public_thread,"
                            + " subject, status, priority, last_activity_at, unread_count, version, created_at,"
                            + " updated_at) VALUES ",
                    14,
                    proposed.entrySet(),
                    (e, row) -> {
                        InboundMessage m = threads.get(e.getKey()).message;
                        row.add(e.getValue());
                        row.add(m.channel().tenantId());
                        row.add(m.channel().id());
                        row.add(contacts.get(IdentityKey.of(m)));
                        row.add(e.getKey().threadKey());
                        row.add(m.publicThread());
                        row.add(truncate(m.subject(), 500));
                        row.add(ConversationStatus.OPEN.name());
                        row.add(Priority.NORMAL.name());
                        row.add(ts(now));
                        row.add(0);
                        row.add(0L);
                        row.add(ts(now));
                        row.add(ts(now));
                    });
            Map<ThreadKey, String> winners = stored == proposed.size() ? proposed : selectThreads(c, proposed.keySet());
            List<Object[]> created = new ArrayList<>();
            winners.forEach((key, id) -> {
                if (id.equals(proposed.get(key))) {
                    InboundMessage m = threads.get(key).message;
                    created.add(event(m.channel().tenantId(), id, "CONVERSATION_CREATED", null, now));
                    changes.add(new InboxActivity(
                            InboxActivity.Type.CONVERSATION_CREATED, m.channel().tenantId(), id, null));
                }
            });
            insertEvents(c, created);
            existing.putAll(winners);
        }
        for (Pending p : fresh) {
            conversationOf.computeIfAbsent(p, k -> existing.get(ThreadKey.of(k.message)));
        }
        return conversationOf;
    }

    /** A reply to a stored message joins that message's conversation, wherever its thread began. */
    private void joinRepliedThreads(Connection c, List<Pending> fresh, Map<Pending, String> conversationOf)
            throws SQLException {
        Map<MessageKey, String[]> stored = storedMessages(
                c,
                fresh.stream()
                        .flatMap(p -> p.message.inReplyTo().stream()
                                .map(id -> new MessageKey(p.message.channel().id(), id)))
                        .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
        for (Pending p : fresh) {
            for (String id : p.message.inReplyTo()) {
                String[] row = stored.get(new MessageKey(p.message.channel().id(), id));
                if (row != null) {
                    conversationOf.put(p, row[1]);
                    break;
                }
            }
        }
    }

    private void insertMessages(
            Connection c,
            List<Pending> fresh,
            Map<Pending, String> conversationOf,
            Instant now,
            Map<Pending, IngestResult> results,
            List<InboxActivity> changes)
            throws SQLException {
        // Lock the conversations first, in id order: inserting a message takes a shared lock on its conversation
        // (foreign key), and two batches upgrading shared locks on one conversation would deadlock.
        Map<String, String> statusBefore = lockConversations(c, new java.util.HashSet<>(conversationOf.values()));
        Map<Pending, String> proposed = new LinkedHashMap<>();
        fresh.stream()
                .sorted(java.util.Comparator.comparing((Pending p) -> MessageKey.of(p.message)))
                .forEach(p -> proposed.put(p, Ids.newId()));
        int inserted = insertRows(
                c,
                "INSERT IGNORE INTO message (id, tenant_id, conversation_id, channel_id, direction, text, attachments,"
                        + " external_id, created_at, received_at) VALUES ",
                10,
                proposed.entrySet(),
                (e, row) -> {
                    InboundMessage m = e.getKey().message;
                    row.add(e.getValue());
                    row.add(m.channel().tenantId());
                    row.add(conversationOf.get(e.getKey()));
                    row.add(m.channel().id());
                    row.add(MessageDirection.INBOUND.name());
                    row.add(m.text());
                    row.add(attachmentsJson(m.attachments()));
                    row.add(m.externalId());
                    row.add(ts(m.sentAt() == null ? now : m.sentAt()));
                    row.add(ts(now));
                });
        // A copy that arrived through another replica at the same moment may have been stored first; only then
        // is it worth reading back which rows are ours.
        Map<MessageKey, String[]> stored = new HashMap<>();
        if (inserted == proposed.size()) {
            proposed.forEach((p, id) -> stored.put(MessageKey.of(p.message), new String[] {id, conversationOf.get(p)}));
        } else {
            stored.putAll(storedMessages(
                    c, fresh.stream().map(p -> MessageKey.of(p.message)).toList()));
        }
        Map<String, List<Pending>> insertedByConversation = new TreeMap<>();
        for (Pending p : fresh) {
            String[] row = stored.get(MessageKey.of(p.message));
            boolean ours = row[0].equals(proposed.get(p));
            results.put(p, new IngestResult(row[0], row[1], !ours));
            if (ours) {
                insertedByConversation
                        .computeIfAbsent(row[1], k -> new ArrayList<>())
                        .add(p);
            }
        }
        if (insertedByConversation.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE conversation SET last_activity_at = GREATEST(last_activity_at, ?), last_inbound_at = ?,"
                        + " last_message_preview = ?, unread_count = unread_count + ?,"
                        + " waiting_since = IF(status = 'OPEN', waiting_since, ?), status = 'OPEN',"
                        + " snoozed_until = NULL, version = version + 1, updated_at = ? WHERE id = ?")) {
            for (var entry : insertedByConversation.entrySet()) {
                List<Pending> messages = entry.getValue();
                InboundMessage last = messages.get(messages.size() - 1).message;
                UtcColumns.set(update, 1, now);
                UtcColumns.set(update, 2, now);
                update.setString(3, preview(last));
                update.setInt(4, messages.size());
                UtcColumns.set(update, 5, now);
                UtcColumns.set(update, 6, now);
                update.setString(7, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        List<Object[]> events = new ArrayList<>();
        insertedByConversation.forEach((conversationId, messages) -> {
            String tenantId = messages.get(0).message.channel().tenantId();
            String before = statusBefore.get(conversationId);
            if (!ConversationStatus.OPEN.name().equals(before)) {
                events.add(event(
                        tenantId,
                        conversationId,
                        "STATUS_CHANGED",
                        "{\"from\":\"" + before + "\",\"to\":\"OPEN\",\"reason\":\"inbound-message\"}",
                        now));
                changes.add(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
            }
            for (Pending p : messages) {
                String messageId = results.get(p).messageId();
                events.add(event(
                        tenantId, conversationId, "MESSAGE_RECEIVED", "{\"messageId\":\"" + messageId + "\"}", now));
                changes.add(new InboxActivity(InboxActivity.Type.MESSAGE_CREATED, tenantId, conversationId, messageId));
            }
        });
        insertEvents(c, events);
    }

    private static void insertEvents(Connection c, List<Object[]> events) throws SQLException {
        insertRows(
                c,
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at) VALUES ",
                6,
                events,
                (e, row) -> row.addAll(Arrays.asList(e)));
    }

    private static Object[] event(String tenantId, String conversationId, String type, String data, Instant at) {
        return new Object[] {Ids.newId(), tenantId, conversationId, type, data, ts(at)};
    }

    /** Locks the conversations in id order (so concurrent batches cannot deadlock) and reads their status. */
    private Map<String, String> lockConversations(Connection c, Collection<String> ids) throws SQLException {
        Map<String, String> status = new HashMap<>();
        List<String> sorted = ids.stream().sorted().toList();
        try (PreparedStatement select = c.prepareStatement("SELECT id, status FROM conversation WHERE id IN ("
                + marks(sorted.size()) + ") ORDER BY id FOR UPDATE")) {
            bind(select, sorted);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    status.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return status;
    }

    /** Stored messages by key: {messageId, conversationId}. */
    private Map<MessageKey, String[]> storedMessages(Connection c, Collection<MessageKey> keys) throws SQLException {
        return selectByChannel(
                c,
                keys,
                MessageKey::channelId,
                MessageKey::externalId,
                "SELECT external_id, id, conversation_id FROM message WHERE channel_id = ? AND external_id IN ",
                MessageKey::new,
                rs -> new String[] {rs.getString(2), rs.getString(3)});
    }

    /** Known senders: the contact behind each identity (the surviving one, where contacts were merged). */
    private Map<IdentityKey, String> selectIdentities(Connection c, Collection<IdentityKey> keys) throws SQLException {
        return selectByChannel(
                c,
                keys,
                IdentityKey::channelId,
                IdentityKey::externalId,
                "SELECT i.external_id, COALESCE(k.merged_into_id, i.contact_id) FROM contact_identity i"
                        + " JOIN contact k ON k.id = i.contact_id WHERE i.channel_id = ? AND i.external_id IN ",
                IdentityKey::new,
                rs -> rs.getString(2));
    }

    private Map<ThreadKey, String> selectThreads(Connection c, Collection<ThreadKey> keys) throws SQLException {
        return selectByChannel(
                c,
                keys,
                ThreadKey::channelId,
                ThreadKey::threadKey,
                "SELECT thread_key, id FROM conversation WHERE channel_id = ? AND thread_key IN ",
                ThreadKey::new,
                rs -> rs.getString(2));
    }

    @FunctionalInterface
    private interface RowReader<V> {
        V read(ResultSet rs) throws SQLException;
    }

    /**
     * Looks rows up by (channel, natural key), one query per channel: {@code query} selects the natural key
     * first and ends with {@code IN }.
     */
    private static <K, V> Map<K, V> selectByChannel(
            Connection c,
            Collection<K> keys,
            java.util.function.Function<K, String> channelOf,
            java.util.function.Function<K, String> naturalKeyOf,
            String query,
            java.util.function.BiFunction<String, String, K> keyOf,
            RowReader<V> reader)
            throws SQLException {
        Map<K, V> found = new HashMap<>();
        for (var byChannel :
                keys.stream().collect(Collectors.groupingBy(channelOf)).entrySet()) {
            List<Object> params = new ArrayList<>();
            params.add(byChannel.getKey());
            byChannel.getValue().forEach(k -> params.add(naturalKeyOf.apply(k)));
            try (PreparedStatement select =
                    c.prepareStatement(query + "(" + marks(byChannel.getValue().size()) + ")")) {
                bind(select, params);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.put(keyOf.apply(byChannel.getKey(), rs.getString(1)), reader.read(rs));
                    }
                }
            }
        }
        return found;
    }

    @FunctionalInterface
    private interface RowWriter<T> {
        void write(T item, List<Object> row);
    }

    /** One multi-row INSERT for all items; returns how many rows it stored (INSERT IGNORE skips taken keys). */
    private static <T> int insertRows(
            Connection c, String insertPrefix, int columns, Collection<T> items, RowWriter<T> writer)
            throws SQLException {
        if (items.isEmpty()) {
            return 0;
        }
        String rowMarks = "(" + marks(columns) + ")";
        StringBuilder sql = new StringBuilder(insertPrefix);
        List<Object> params = new ArrayList<>(items.size() * columns);
        for (T item : items) {
            if (!params.isEmpty()) {
                sql.append(',');
            }
            sql.append(rowMarks);
            int before = params.size();
            writer.write(item, params);
            if (params.size() - before != columns) {
                throw new IllegalStateException("Row has " + (params.size() - before) + " values, not " + columns);
            }
        }
        return execute(c, sql.toString(), params);
    }

    private static int execute(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private static java.time.LocalDateTime ts(Instant instant) {
        return UtcColumns.toColumn(instant);
    }

    private String attachmentsJson(List<InboundMessage.Attachment> attachments) {
        if (attachments.isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String preview(InboundMessage m) {
        return MessagePreviews.of(m.text(), !m.attachments().isEmpty());
    }

    private static String truncate(String s, int max) {
        return MessagePreviews.truncate(s, max);
    }

    private record Pending(InboundMessage message, CompletableFuture<IngestResult> result) {}

    private record MessageKey(String channelId, String externalId) implements Comparable<MessageKey> {
        private static final java.util.Comparator<MessageKey> ORDER =
                java.util.Comparator.comparing(MessageKey::channelId).thenComparing(MessageKey::externalId);

        @Override
        public int compareTo(MessageKey other) {
            return ORDER.compare(this, other);
        }

        static MessageKey of(InboundMessage m) {
            return new MessageKey(m.channel().id(), m.externalId());
        }
    }

    private record IdentityKey(String channelId, String externalId) implements Comparable<IdentityKey> {
        private static final java.util.Comparator<IdentityKey> ORDER =
                java.util.Comparator.comparing(IdentityKey::channelId).thenComparing(IdentityKey::externalId);

        @Override
        public int compareTo(IdentityKey other) {
            return ORDER.compare(this, other);
        }

        static IdentityKey of(InboundMessage m) {
            return new IdentityKey(m.channel().id(), m.sender().externalId());
        }
    }

    private record ThreadKey(String channelId, String threadKey) implements Comparable<ThreadKey> {
        private static final java.util.Comparator<ThreadKey> ORDER =
                java.util.Comparator.comparing(ThreadKey::channelId).thenComparing(ThreadKey::threadKey);

        @Override
        public int compareTo(ThreadKey other) {
            return ORDER.compare(this, other);
        }

        static ThreadKey of(InboundMessage m) {
            return new ThreadKey(m.channel().id(), m.effectiveThreadKey());
        }
    }
}
