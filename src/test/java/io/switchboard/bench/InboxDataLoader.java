package io.switchboard.bench;

import io.switchboard.channel.SecretBox;
import io.switchboard.reporting.rollups.RollupJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fills a tenant's inbox by bulk SQL with the rows the signed SMS webhook path writes ({@code InboundIngestor}),
 * for read benchmarks and drills that need an inbox of 10k to millions of messages in minutes instead of the
 * ~2,400 msg/s of the webhooks. Each conversation is one sender's private thread on one of the tenant's SMS
 * channels (round robin), with {@code messagesPerConversation} inbound messages, as if each had arrived in a batch
 * of its own: per sender a contact (phone) and a PHONE identity; per conversation an OPEN, unassigned conversation
 * with the last message's preview, the unread count and version of its messages; per message an INBOUND message
 * (provider id {@code SM…}, fulltext-indexed text); the {@code CONVERSATION_CREATED} and {@code MESSAGE_RECEIVED}
 * events; the report counters by the application's rebuild ({@code RollupJdbc.rebuild}) at the end. {@code InboxDataLoaderTest} compares the rows with
 * those the webhook path writes, column by column.
 *
 * <p>Differences from the webhook path: times are spread over {@code span} before {@code now} (the webhooks stamp
 * the time they arrive), so the inbox has a history; the auto-assignment and team routing the ingest path triggers
 * afterwards are not run (load into channels without routing, as the drills do). Ids are UUIDv7 in creation order,
 * as the service's. The reporting-facts processor reads the loaded events after the load, as it reads webhooks'
 * events while they arrive (about 15 minutes for a million on two cores); wait for its watermark before measuring. A {@code word} (e.g. {@code refund}) is in a chosen share of the messages, for search.
 */
final class InboxDataLoader {

    /** What to load into one tenant. */
    record Plan(int conversations, int messagesPerConversation, double wordShare, String word, Duration span) {
        Plan {
            if (conversations < 1 || messagesPerConversation < 1 || wordShare < 0 || wordShare > 1) {
                throw new IllegalArgumentException("Not a plan: " + this);
            }
            if (!word.matches("[a-z]{3,20}")) {
                throw new IllegalArgumentException("The word must be 3 to 20 letters a-z: " + word);
            }
        }

        long messages() {
            return (long) conversations * messagesPerConversation;
        }
    }

    private static final int CHUNK = 5_000;
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private InboxDataLoader() {}

    /**
     * Creates the tenant (if missing, UTC) and an SMS channel with a Twilio account {@code accountSid} whose auth
     * token is {@code authToken}, sealed with {@code secretsKey}; webhooks to {@code /webhooks/sms/<key>} signed with
     * that token are accepted.
     */
    static void smsChannel(
            Connection c,
            String tenant,
            String channelId,
            String key,
            String secretsKey,
            String accountSid,
            String authToken)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement s = c.prepareStatement(
                "INSERT IGNORE INTO tenant (id, name, time_zone, created_at) VALUES (?, ?, 'UTC', ?)")) {
            s.setString(1, tenant);
            s.setString(2, tenant);
            s.setTimestamp(3, now);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO channel (id, tenant_id, kind, name, channel_key, config, secrets, enabled, created_at,"
                        + " updated_at) VALUES (?, ?, 'SMS', ?, ?, ?, ?, TRUE, ?, ?)")) {
            s.setString(1, channelId);
            s.setString(2, tenant);
            s.setString(3, "SMS " + key);
            s.setString(4, key);
            s.setString(5, "{\"accountSid\":\"" + accountSid + "\",\"phoneNumber\":\"+14155550100\"}");
            s.setString(6, new SecretBox(secretsKey).seal("{\"authToken\":\"" + authToken + "\"}", channelId));
            s.setTimestamp(7, now);
            s.setTimestamp(8, now);
            s.executeUpdate();
        }
    }

    /**
     * Loads {@code plan} into {@code tenant}'s SMS {@code channelIds} (conversation {@code i} on channel {@code i mod
     * n}); {@code tag} (0–4095) keeps the ids, senders and provider ids of different loads apart. Commits per chunk
     * of conversations; the caller's connection is left in auto-commit.
     */
    static void load(Connection c, String tenant, List<String> channelIds, int tag, Plan plan, Instant now)
            throws SQLException {
        if (tag < 0 || tag > 0xfff || channelIds.isEmpty()) {
            throw new IllegalArgumentException("tag 0-4095 and at least one channel");
        }
        int m = plan.messagesPerConversation();
        // Message k (= conversation * m + j) at start + k * step: conversations one after the other.
        long stepMicros = Math.max(1, plan.span().toNanos() / 1000 / plan.messages());
        Instant start = now.minus(plan.span());
        String t0 = "TIMESTAMP'" + SQL_TIME.format(LocalDateTime.ofInstant(start, ZoneOffset.UTC)) + "'";
        long t0Millis = start.toEpochMilli();
        String channels = channelIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        String channel = "ELT(c.seq % " + channelIds.size() + " + 1, " + channels + ")";
        String phone = "CONCAT('+1', LPAD(" + tag + ", 4, '0'), LPAD(c.seq, 9, '0'))";
        String k0 = "(c.seq * " + m + ")";
        String kLast = "(c.seq * " + m + " + " + (m - 1) + ")";
        String k = "(c.seq * " + m + " + j.seq)";
        String conversationId = uuid(t0Millis, stepMicros, k0, tag, 3, "c.seq");
        String messageId = uuid(t0Millis, stepMicros, k, tag, 4, k);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int from = 0; from < plan.conversations(); from += CHUNK) {
                int to = Math.min(plan.conversations(), from + CHUNK) - 1;
                String conversations = " FROM seq_" + from + "_to_" + to + " c";
                String messages = conversations + " JOIN seq_0_to_" + (m - 1) + " j";
                s.executeUpdate("INSERT INTO contact (id, tenant_id, name, email, phone, created_at, updated_at)"
                        + " SELECT " + uuid(t0Millis, stepMicros, k0, tag, 1, "c.seq") + ", '" + tenant + "', NULL,"
                        + " NULL, " + phone + ", " + time(t0, stepMicros, k0) + ", " + time(t0, stepMicros, k0)
                        + conversations);
                s.executeUpdate("INSERT INTO contact_identity (id, tenant_id, contact_id, channel_id, kind,"
                        + " external_id, handle, created_at) SELECT "
                        + uuid(t0Millis, stepMicros, k0, tag, 2, "c.seq") + ", '" + tenant + "', "
                        + uuid(t0Millis, stepMicros, k0, tag, 1, "c.seq") + ", " + channel + ", 'PHONE', " + phone
                        + ", " + phone + ", " + time(t0, stepMicros, k0) + conversations);
                s.executeUpdate("INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key,"
                        + " public_thread, subject, status, priority, last_activity_at, last_inbound_at,"
                        + " last_message_preview, unread_count, version, created_at, updated_at) SELECT "
                        + conversationId + ", '" + tenant + "', " + channel + ", "
                        + uuid(t0Millis, stepMicros, k0, tag, 1, "c.seq") + ", CONCAT('contact:', " + phone
                        + "), 0, NULL, 'OPEN', 'NORMAL', " + time(t0, stepMicros, kLast) + ", "
                        + time(t0, stepMicros, kLast) + ", " + text(kLast, plan) + ", " + m + ", " + m + ", "
                        + time(t0, stepMicros, k0) + ", " + time(t0, stepMicros, kLast) + conversations);
                s.executeUpdate("INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text,"
                        + " attachments, external_id, created_at, received_at) SELECT " + messageId + ", '" + tenant
                        + "', " + conversationId + ", " + channel + ", 'INBOUND', " + text(k, plan) + ", NULL, "
                        + "CONCAT('SM', LPAD(HEX(" + tag + "), 4, '0'), LPAD(HEX(" + k + "), 28, '0')), "
                        + time(t0, stepMicros, k) + ", " + time(t0, stepMicros, k) + messages + " ORDER BY " + k);
                s.executeUpdate("INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data,"
                        + " created_at) SELECT " + uuid(t0Millis, stepMicros, k0, tag, 5, "c.seq") + ", '" + tenant
                        + "', " + conversationId + ", 'CONVERSATION_CREATED', NULL, " + time(t0, stepMicros, k0)
                        + conversations);
                s.executeUpdate("INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data,"
                        + " created_at) SELECT " + uuid(t0Millis, stepMicros, k, tag, 6, k) + ", '" + tenant + "', "
                        + conversationId + ", 'MESSAGE_RECEIVED', CONCAT('{\"messageId\":\"', " + messageId
                        + ", '\"}'), " + time(t0, stepMicros, k) + messages);
                c.commit();
            }
            // Raw rows only: the tenant's report rollups are rebuilt from them by the application's rebuild.
            RollupJdbc.rebuild(c, tenant);
            c.commit();
            s.execute("ANALYZE TABLE contact, contact_identity, conversation, message, conversation_event");
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The time of message number {@code k}. */
    private static String time(String t0, long stepMicros, String k) {
        return "(" + t0 + " + INTERVAL " + k + " * " + stepMicros + " MICROSECOND)";
    }

    /**
     * A UUIDv7 (as {@code Ids.newId()} makes them) stamped with message {@code k}'s millisecond; the counter bits
     * hold the entity, the rest the load's tag and the row number, so ids are unique and sort by creation time.
     */
    private static String uuid(long t0Millis, long stepMicros, String k, int tag, int entity, String n) {
        String ms = "LPAD(HEX(" + t0Millis + " + " + k + " * " + stepMicros + " DIV 1000), 12, '0')";
        return "LOWER(CONCAT(SUBSTR(" + ms + ", 1, 8), '-', SUBSTR(" + ms + ", 9, 4), '-7', LPAD(HEX(" + entity
                + "), 3, '0'), '-8', LPAD(HEX(" + tag + "), 3, '0'), '-', LPAD(HEX(" + n + "), 12, '0')))";
    }

    /** Message {@code k}'s text: one of a few customer questions, the word in {@code wordShare} of them. */
    private static String text(String k, Plan plan) {
        long inTenThousand = Math.round(plan.wordShare() * 10_000);
        return "IF((" + k + " * 7919) % 10000 < " + inTenThousand + ", CONCAT('I would like a " + plan.word()
                + " for order ', " + k + ", ', the ', ELT(" + k + " % 6 + 1, 'parcel', 'shoes', 'jacket', 'lamp',"
                + " 'phone case', 'book'), ' came broken'), CONCAT(ELT(" + k + " % 5 + 1, 'Where is my ',"
                + " 'When will I get my ', 'Can I change the address for my ', 'Has anyone seen my ',"
                + " 'Still waiting for my '), ELT(" + k + " % 6 + 1, 'parcel', 'shoes', 'jacket', 'lamp',"
                + " 'phone case', 'book'), ', order ', " + k + ", '?'))";
    }
}
