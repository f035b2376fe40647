package io.switchboard.workload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reporting facts measured from the stored history: exact seconds, stored once however often measured. */
@QuarkusTest
class ReportingFactsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Inject
    ReportingFacts facts;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Sql sql;

    @Inject
    Clock clock;

    @Inject
    SwitchboardConfig config;

    private InboxFixture inbox;
    private String channel;
    private String agent;
    private String manager;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture("facts");
        channel = inbox.channel("API");
        agent = inbox.operatorId(inbox.agent);
        manager = inbox.operatorId(inbox.manager);
    }

    /** Facts of the conversation as "KIND operator seconds", sorted. */
    private Map<String, String> factsOf(String conversation) {
        Map<String, String> found = new TreeMap<>();
        List<Object> rows = sql.column(
                "SELECT CONCAT(kind, '@', DATE_FORMAT(ended_at, '%H:%i:%s'), '=', COALESCE(operator_id, '-'), ' ',"
                        + " seconds, ' ', channel_kind, ' ', channel_id) FROM reporting_event WHERE conversation_id = ?",
                conversation);
        for (Object row : rows) {
            String[] parts = ((String) row).split("=", 2);
            found.put(parts[0], parts[1]);
        }
        return found;
    }

    private void event(String conversation, String type, String actor, String data, Instant at) {
        InboxFixture.execute(
                dataSource,
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, actor_operator_id, data,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                inbox.tenant,
                conversation,
                type,
                actor,
                data,
                UtcColumns.toColumn(at));
    }

    private void message(String conversation, String direction, String author, Instant at) {
        String id = Ids.newId();
        InboxFixture.execute(
                dataSource,
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id, text,"
                        + " created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, 'text', ?, ?)",
                id,
                inbox.tenant,
                conversation,
                channel,
                direction,
                author,
                UtcColumns.toColumn(at),
                UtcColumns.toColumn(at));
        event(
                conversation,
                direction.equals("INBOUND") ? "MESSAGE_RECEIVED" : "REPLY_SENT",
                author,
                "{\"messageId\":\"" + id + "\"}",
                at);
    }

    private void session(String conversation, Instant start, int seconds) {
        InboxFixture.execute(
                dataSource,
                "INSERT INTO work_session (id, tenant_id, operator_id, conversation_id, channel_id, channel_kind,"
                        + " source, started_at, ended_at, duration_seconds, created_by, created_at, updated_by,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, 'API', 'MANUAL', ?, ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                inbox.tenant,
                agent,
                conversation,
                channel,
                UtcColumns.toColumn(start),
                UtcColumns.toColumn(start.plusSeconds(seconds)),
                seconds,
                agent,
                UtcColumns.toColumn(start),
                agent,
                UtcColumns.toColumn(start));
    }

    private String handBuiltConversation() {
        // A conversation whose whole history is written here, at chosen instants, as the inbox writes it.
        String contact = Ids.newId();
        String conversation = Ids.newId();
        InboxFixture.execute(
                dataSource,
                "INSERT INTO contact (id, tenant_id, name, created_at, updated_at) VALUES (?, ?, 'Hana', ?, ?)",
                contact,
                inbox.tenant,
                UtcColumns.toColumn(T0),
                UtcColumns.toColumn(T0));
        InboxFixture.execute(
                dataSource,
                "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, status, priority,"
                        + " last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', 'NORMAL', ?, ?, ?)",
                conversation,
                inbox.tenant,
                channel,
                contact,
                "thread-" + conversation,
                UtcColumns.toColumn(T0),
                UtcColumns.toColumn(T0),
                UtcColumns.toColumn(T0));
        event(conversation, "CONVERSATION_CREATED", null, null, T0);
        message(conversation, "INBOUND", null, T0);
        message(conversation, "INBOUND", null, T0.plusSeconds(20));
        message(conversation, "OUTBOUND", agent, T0.plusSeconds(42));
        message(conversation, "INBOUND", null, T0.plusSeconds(100));
        message(conversation, "OUTBOUND", agent, T0.plusSeconds(175));
        // A note is not a reply.
        InboxFixture.execute(
                dataSource,
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id,"
                        + " text, created_at, received_at) VALUES (?, ?, ?, ?, 'NOTE', ?, 'fyi', ?, ?)",
                Ids.newId(),
                inbox.tenant,
                conversation,
                channel,
                manager,
                UtcColumns.toColumn(T0.plusSeconds(5)),
                UtcColumns.toColumn(T0.plusSeconds(5)));
        session(conversation, T0.plusSeconds(30), 120);
        session(conversation, T0.plusSeconds(150), 30);
        event(conversation, "STATUS_CHANGED", manager, "{\"from\":\"OPEN\",\"to\":\"RESOLVED\"}", T0.plusSeconds(300));
        // Reopened by a new message an hour later, answered, resolved again.
        event(
                conversation,
                "STATUS_CHANGED",
                null,
                "{\"from\":\"RESOLVED\",\"to\":\"OPEN\",\"reason\":\"inbound-message\"}",
                T0.plusSeconds(3600));
        message(conversation, "INBOUND", null, T0.plusSeconds(3600));
        message(conversation, "OUTBOUND", manager, T0.plusSeconds(3660));
        session(conversation, T0.plusSeconds(3610), 45);
        event(conversation, "STATUS_CHANGED", agent, "{\"from\":\"OPEN\",\"to\":\"RESOLVED\"}", T0.plusSeconds(3900));
        return conversation;
    }

    @Test
    void aHandBuiltTimelineIsMeasuredToTheSecondAndStoredOnce() {
        String conversation = handBuiltConversation();

        assertEquals(9, facts.measure(Set.of(conversation)));

        String api = " API " + channel;
        assertEquals(
                new TreeMap<>(Map.of(
                        "FIRST_RESPONSE@09:00:42", agent + " 42" + api,
                        "REPLY@09:00:42", agent + " 42" + api,
                        "REPLY@09:02:55", agent + " 75" + api,
                        "RESOLUTION@09:05:00", manager + " 300" + api,
                        "HANDLING@09:05:00", manager + " 150" + api,
                        "FIRST_RESPONSE@10:01:00", manager + " 60" + api,
                        "REPLY@10:01:00", manager + " 60" + api,
                        "RESOLUTION@10:05:00", agent + " 300" + api,
                        "HANDLING@10:05:00", agent + " 45" + api)),
                factsOf(conversation));
        assertEquals(0, facts.measure(Set.of(conversation)));
        assertEquals(9L, sql.count("SELECT COUNT(*) FROM reporting_event WHERE conversation_id = ?", conversation));
    }

    @Test
    void theProcessorMeasuresWhatHappenedSinceItsWatermark() {
        String conversation = inbox.send(channel, "m-1", "c-1", "Carla", "hello");
        // A human reply, as outbound delivery writes it.
        message(conversation, "OUTBOUND", agent, clock.instant());
        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + conversation + "/work/heartbeat")
                .then()
                .statusCode(200);
        inbox.patch(inbox.agent, conversation, Map.of("status", "RESOLVED")).statusCode(200);

        facts.run(clock.instant());

        assertEquals(
                List.of("FIRST_RESPONSE", "HANDLING", "REPLY", "RESOLUTION"),
                sql.column("SELECT kind FROM reporting_event WHERE conversation_id = ? ORDER BY kind", conversation));
        assertEquals(
                List.of(agent, agent, agent, agent),
                sql.column("SELECT operator_id FROM reporting_event WHERE conversation_id = ?", conversation));
        // Run again (the safety margin reads the same events): nothing new.
        facts.run(clock.instant());
        assertEquals(4L, sql.count("SELECT COUNT(*) FROM reporting_event WHERE conversation_id = ?", conversation));
        Instant watermark = Instant.parse((String) sql.single(
                "SELECT DATE_FORMAT(watermark, '%Y-%m-%dT%H:%i:%s.%fZ') FROM reporting_watermark WHERE processor = ?",
                ReportingFacts.PROCESSOR));
        org.junit.jupiter.api.Assertions.assertFalse(watermark.isAfter(clock.instant()));
    }

    @Test
    void whatTheProcessorRemembersIsOnlyWhatALaterRunCanReadAgain() {
        // Events 9 and 2 minutes old, both read by one run from a watermark 10 minutes back; afterwards the watermark
        // is at the newest event, and a later run reads from there less the margin: the older event is forgotten
        // (the processor once remembered every event for a quarter of an hour, whatever the rate).
        String conversation = inbox.send(channel, "m-remember", "c-remember", "Mo", "hello");
        Instant now = clock.instant();
        event(conversation, "STATUS_CHANGED", agent, "{\"from\":\"OPEN\",\"to\":\"PENDING\"}", now.minusSeconds(540));
        event(conversation, "STATUS_CHANGED", agent, "{\"from\":\"PENDING\",\"to\":\"OPEN\"}", now.minusSeconds(120));
        InboxFixture.execute(
                dataSource,
                "UPDATE reporting_watermark SET watermark = ? WHERE processor = ?",
                UtcColumns.toColumn(now.minusSeconds(600)),
                ReportingFacts.PROCESSOR);

        facts.run(now);

        Instant watermark = Instant.parse((String) sql.single(
                "SELECT DATE_FORMAT(watermark, '%Y-%m-%dT%H:%i:%s.%fZ') FROM reporting_watermark WHERE processor = ?",
                ReportingFacts.PROCESSOR));
        Duration margin = config.workload().factsSafetyMargin();
        Instant oldest = facts.oldestRemembered();
        org.junit.jupiter.api.Assertions.assertNotNull(oldest);
        org.junit.jupiter.api.Assertions.assertFalse(
                oldest.isBefore(watermark.minus(margin)),
                "remembers an event of " + oldest + " with the watermark at " + watermark);
    }

    @Test
    void repliesCountWhenTheyWentOutAndOnlyIfTheyDid() {
        String conversation = inbox.send(channel, "m-later", "c-later", "Sam", "hello");
        Instant opened = Instant.parse((String) sql.single(
                "SELECT DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM conversation_event"
                        + " WHERE conversation_id = ? AND type = 'CONVERSATION_CREATED'",
                conversation));
        reply(conversation, "CANCELLED", opened.plusSeconds(5), null);
        reply(conversation, "FAILED", opened.plusSeconds(6), null);
        reply(conversation, "SCHEDULED", opened.plusSeconds(7), null);
        assertEquals(0, facts.measure(Set.of(conversation)));

        // Written 10 s after the customer's message, scheduled, sent ten minutes after it.
        reply(conversation, "SENT", opened.plusSeconds(10), opened.plusSeconds(600));
        facts.measure(Set.of(conversation));

        assertEquals(
                List.of("FIRST_RESPONSE 600"),
                sql.column(
                        "SELECT CONCAT(kind, ' ', seconds) FROM reporting_event WHERE conversation_id = ?"
                                + " AND kind = 'FIRST_RESPONSE'",
                        conversation));
        assertEquals(
                1L,
                sql.count(
                        "SELECT COUNT(*) FROM reporting_event WHERE conversation_id = ? AND kind = 'REPLY'",
                        conversation));
    }

    /** A reply as the outbox leaves it: its delivery status, and when it went out if it did. */
    private void reply(String conversation, String status, Instant written, Instant sentAt) {
        String id = Ids.newId();
        InboxFixture.execute(
                dataSource,
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id, text,"
                        + " delivery_status, created_at, received_at) VALUES (?, ?, ?, ?, 'OUTBOUND', ?, 'reply', ?,"
                        + " ?, ?)",
                id,
                inbox.tenant,
                conversation,
                channel,
                agent,
                status,
                UtcColumns.toColumn(written),
                UtcColumns.toColumn(written));
        InboxFixture.execute(
                dataSource,
                "INSERT INTO delivery (id, tenant_id, message_id, conversation_id, channel_id, status, created_at,"
                        + " updated_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                inbox.tenant,
                id,
                conversation,
                channel,
                status,
                UtcColumns.toColumn(written),
                UtcColumns.toColumn(written),
                sentAt == null ? null : UtcColumns.toColumn(sentAt));
    }
}
