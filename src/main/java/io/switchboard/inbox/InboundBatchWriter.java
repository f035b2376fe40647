package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.switchboard.common.Ids;
import io.switchboard.common.db.GroupCommitQueue;
import io.switchboard.common.db.Jdbc;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.reporting.rollups.MessageCount;
import io.switchboard.reporting.rollups.RollupJdbc;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The steps of storing one batch of inbound messages in one transaction: drop what is stored already (replays,
 * retries), find or create each sender's contact, find or create each thread's conversation (reopening it), insert
 * the messages, and log what changed. Every step is one or a few multi-row statements for the whole batch, and
 * every insert of a natural key is race-free across replicas ({@code INSERT IGNORE} on a unique key, then read the
 * winner). Rows are written in key order, so concurrent batches take their locks in the same order.
 */
final class InboundBatchWriter implements GroupCommitQueue.BatchWriter<InboundMessage, IngestResult> {

    private static final Logger LOG = Logger.getLogger(InboundBatchWriter.class);

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Event<InboxActivity> activity;
    private final Event<ConversationStatusChanged> statusChanged;
    private final ConversationEventLog events;

    InboundBatchWriter(
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            Clock clock,
            Event<InboxActivity> activity,
            Event<ConversationStatusChanged> statusChanged,
            ConversationEventLog events) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
        this.activity = activity;
        this.statusChanged = statusChanged;
        this.events = events;
    }

    /** Stores one batch in one transaction; announces what changed once it committed. */
    @Override
    public List<IngestResult> write(List<InboundMessage> messages) throws SQLException {
        Instant now = clock.instant();
        List<Item> batch = messages.stream().map(Item::new).toList();
        Map<MessageKey, Item> firsts = new LinkedHashMap<>();
        Map<Item, Item> copies = new HashMap<>();
        for (Item p : batch) {
            Item first = firsts.putIfAbsent(MessageKey.of(p.message), p);
            if (first != null) {
                copies.put(p, first);
            }
        }
        Map<Item, IngestResult> results = new HashMap<>();
        List<InboxActivity> changes = new ArrayList<>();
        List<ConversationStatusChanged> reopened = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // The datasource runs READ COMMITTED: reads see rows that concurrent batches (on any replica)
            // committed while this one ran, so an INSERT IGNORE that lost a race can read the winner's row.
            connection.setAutoCommit(false);
            try {
                List<Item> fresh = dropStored(connection, firsts, results);
                if (!fresh.isEmpty()) {
                    Map<IdentityKey, String> contacts = contacts(connection, fresh, now);
                    Map<Item, String> conversationOf = conversations(connection, fresh, contacts, now, changes);
                    insertMessages(connection, fresh, conversationOf, now, results, changes, reopened);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        changes.forEach(change -> activity.fireAsync(change).exceptionally(e -> {
            LOG.warn("An inbox activity observer failed", e);
            return null;
        }));
        for (ConversationStatusChanged change : reopened) {
            try {
                statusChanged.fire(change);
            } catch (RuntimeException e) {
                LOG.warn("A status change observer failed", e);
            }
        }
        List<IngestResult> ordered = new ArrayList<>(batch.size());
        for (Item p : batch) {
            Item first = copies.get(p);
            if (first == null) {
                ordered.add(results.get(p));
            } else {
                IngestResult r = results.get(first);
                ordered.add(new IngestResult(r.messageId(), r.conversationId(), true));
            }
        }
        return ordered;
    }

    /** Completes the messages already stored (replays, retries) and returns the others. */
    private List<Item> dropStored(Connection c, Map<MessageKey, Item> firsts, Map<Item, IngestResult> results)
            throws SQLException {
        Map<MessageKey, Stored> stored = storedMessages(c, firsts.keySet());
        List<Item> fresh = new ArrayList<>();
        firsts.forEach((key, pending) -> {
            Stored row = stored.get(key);
            if (row == null) {
                fresh.add(pending);
            } else {
                results.put(pending, new IngestResult(row.messageId(), row.conversationId(), true));
            }
        });
        return fresh;
    }

    /** Finds or creates the contact behind each sender, race-free through the identity's unique key. */
    private Map<IdentityKey, String> contacts(Connection c, List<Item> fresh, Instant now) throws SQLException {
        Map<IdentityKey, Item> senders = new LinkedHashMap<>();
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
            Jdbc.insertRows(
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
            int stored = Jdbc.insertRows(
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
                Jdbc.execute(c, "DELETE FROM contact WHERE id IN (" + Jdbc.marks(orphans.size()) + ")", orphans);
            }
            found.putAll(winners);
        }
        return found;
    }

    /** Finds or creates each message's conversation; reopens conversations that were no longer open. */
    private Map<Item, String> conversations(
            Connection c, List<Item> fresh, Map<IdentityKey, String> contacts, Instant now, List<InboxActivity> changes)
            throws SQLException {
        Map<Item, String> conversationOf = new HashMap<>();
        joinRepliedThreads(c, fresh, conversationOf);

        Map<ThreadKey, Item> threads = new LinkedHashMap<>();
        fresh.stream()
                .filter(p -> !conversationOf.containsKey(p))
                .forEach(p -> threads.putIfAbsent(ThreadKey.of(p.message), p));
        Map<ThreadKey, String> existing = selectThreads(c, threads.keySet());
        Map<ThreadKey, String> proposed = new TreeMap<>();
        threads.keySet().stream().filter(k -> !existing.containsKey(k)).forEach(k -> proposed.put(k, Ids.newId()));
        if (!proposed.isEmpty()) {
            int stored = Jdbc.insertRows(
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
        for (Item p : fresh) {
            conversationOf.computeIfAbsent(p, k -> existing.get(ThreadKey.of(k.message)));
        }
        return conversationOf;
    }

    /** A reply to a stored message joins that message's conversation, wherever its thread began. */
    private void joinRepliedThreads(Connection c, List<Item> fresh, Map<Item, String> conversationOf)
            throws SQLException {
        Map<MessageKey, Stored> stored = storedMessages(
                c,
                fresh.stream()
                        .flatMap(p -> p.message.inReplyTo().stream()
                                .map(id -> new MessageKey(p.message.channel().id(), id)))
                        .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
        for (Item p : fresh) {
            for (String id : p.message.inReplyTo()) {
                Stored row = stored.get(new MessageKey(p.message.channel().id(), id));
                if (row != null) {
                    conversationOf.put(p, row.conversationId());
                    break;
                }
            }
        }
    }

    private void insertMessages(
            Connection c,
            List<Item> fresh,
            Map<Item, String> conversationOf,
            Instant now,
            Map<Item, IngestResult> results,
            List<InboxActivity> changes,
            List<ConversationStatusChanged> reopened)
            throws SQLException {
        // Lock the conversations first, in id order: inserting a message takes a shared lock on its conversation
        // (foreign key), and two batches upgrading shared locks on one conversation would deadlock.
        Map<String, Locked> before = lockConversations(c, new java.util.HashSet<>(conversationOf.values()));
        Map<Item, String> proposed = new LinkedHashMap<>();
        fresh.stream()
                .sorted(java.util.Comparator.comparing((Item p) -> MessageKey.of(p.message)))
                .forEach(p -> proposed.put(p, Ids.newId()));
        int inserted = Jdbc.insertRows(
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
        Map<MessageKey, Stored> stored = new HashMap<>();
        if (inserted == proposed.size()) {
            proposed.forEach((p, id) -> stored.put(MessageKey.of(p.message), new Stored(id, conversationOf.get(p))));
        } else {
            stored.putAll(storedMessages(
                    c, fresh.stream().map(p -> MessageKey.of(p.message)).toList()));
        }
        Map<String, List<Item>> insertedByConversation = new TreeMap<>();
        for (Item p : fresh) {
            Stored row = stored.get(MessageKey.of(p.message));
            boolean ours = row.messageId().equals(proposed.get(p));
            results.put(p, new IngestResult(row.messageId(), row.conversationId(), !ours));
            if (ours) {
                insertedByConversation
                        .computeIfAbsent(row.conversationId(), k -> new ArrayList<>())
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
                List<Item> messages = entry.getValue();
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
        List<Object[]> logged = new ArrayList<>();
        insertedByConversation.forEach((conversationId, messages) -> {
            String tenantId = messages.get(0).message.channel().tenantId();
            Locked was = before.get(conversationId);
            if (was.status() != ConversationStatus.OPEN) {
                logged.add(event(
                        tenantId,
                        conversationId,
                        "STATUS_CHANGED",
                        events.json(events.statusChanged(
                                was.status(),
                                ConversationStatus.OPEN,
                                ConversationStatusChanged.Reason.INBOUND_MESSAGE,
                                null)),
                        now));
                changes.add(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
                reopened.add(new ConversationStatusChanged(
                        tenantId,
                        conversationId,
                        messages.get(0).message.channel().id(),
                        was.assigneeId(),
                        was.status(),
                        ConversationStatus.OPEN,
                        null,
                        ConversationStatusChanged.Reason.INBOUND_MESSAGE,
                        now));
            }
            for (Item p : messages) {
                String messageId = results.get(p).messageId();
                logged.add(event(
                        tenantId, conversationId, "MESSAGE_RECEIVED", "{\"messageId\":\"" + messageId + "\"}", now));
                changes.add(new InboxActivity(InboxActivity.Type.MESSAGE_CREATED, tenantId, conversationId, messageId));
            }
        });
        insertEvents(c, logged);
        // The report counts of the messages, in this transaction: one statement for the batch.
        List<MessageCount> counts = new ArrayList<>();
        insertedByConversation
                .values()
                .forEach(messages -> messages.forEach(p -> {
                    InboundMessage m = p.message;
                    counts.add(new MessageCount(
                            m.channel().tenantId(),
                            m.channel().id(),
                            m.channel().kind().name(),
                            m.sentAt() == null ? now : m.sentAt(),
                            MessageCount.MESSAGES_IN,
                            1));
                }));
        RollupJdbc.counts(c, counts);
    }

    private static void insertEvents(Connection c, List<Object[]> events) throws SQLException {
        Jdbc.insertRows(
                c,
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at) VALUES ",
                6,
                events,
                (e, row) -> row.addAll(Arrays.asList(e)));
    }

    private static Object[] event(String tenantId, String conversationId, String type, String data, Instant at) {
        return new Object[] {Ids.newId(), tenantId, conversationId, type, data, ts(at)};
    }

    /** A conversation's status and assignee as its lock found them. */
    private record Locked(ConversationStatus status, String assigneeId) {}

    /** Locks the conversations in id order (so concurrent batches cannot deadlock) and reads their status. */
    private Map<String, Locked> lockConversations(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Locked> locked = new HashMap<>();
        List<String> sorted = ids.stream().sorted().toList();
        try (PreparedStatement select = c.prepareStatement("SELECT id, status, assignee_id FROM conversation"
                + " WHERE id IN (" + Jdbc.marks(sorted.size()) + ") ORDER BY id FOR UPDATE")) {
            Jdbc.bind(select, sorted);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    locked.put(
                            rs.getString("id"),
                            new Locked(
                                    ConversationStatus.valueOf(rs.getString("status")), rs.getString("assignee_id")));
                }
            }
        }
        return locked;
    }

    /** A message already stored, and its conversation. */
    private record Stored(String messageId, String conversationId) {}

    /** Stored messages by key. */
    private Map<MessageKey, Stored> storedMessages(Connection c, Collection<MessageKey> keys) throws SQLException {
        return Jdbc.selectByScope(
                c,
                keys,
                MessageKey::channelId,
                MessageKey::externalId,
                "SELECT external_id, id, conversation_id FROM message WHERE channel_id = ? AND external_id IN ",
                MessageKey::new,
                rs -> new Stored(rs.getString(2), rs.getString(3)));
    }

    /** Known senders: the contact behind each identity (the surviving one, where contacts were merged). */
    private Map<IdentityKey, String> selectIdentities(Connection c, Collection<IdentityKey> keys) throws SQLException {
        return Jdbc.selectByScope(
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
        return Jdbc.selectByScope(
                c,
                keys,
                ThreadKey::channelId,
                ThreadKey::threadKey,
                "SELECT thread_key, id FROM conversation WHERE channel_id = ? AND thread_key IN ",
                ThreadKey::new,
                rs -> rs.getString(2));
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

    /** One message of the batch (by identity: two copies of one message are two items). */
    private static final class Item {
        private final InboundMessage message;

        private Item(InboundMessage message) {
            this.message = message;
        }
    }

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
