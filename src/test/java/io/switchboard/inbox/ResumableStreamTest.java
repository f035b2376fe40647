package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.switchboard.common.Ids;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client that lost its stream connects again with the id of the last event it received ({@code Last-Event-ID})
 * and receives every event of its tenant it missed, in order and once, then the live ones; events written meanwhile
 * by another replica are rows in the shared log, written here through the real ingest path while no stream is open.
 */
@QuarkusTest
class ResumableStreamTest {

    private static final AtomicInteger MESSAGES = new AtomicInteger();

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aClientThatReconnectsWithItsLastEventIdReceivesExactlyTheEventsItMissedInOrder() throws Exception {
        Tenant acme = Tenant.create("acme");
        Tenant globex = Tenant.create("globex");
        acme.receive("u-0", "before");

        String lastId;
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            // The stream names its position before any event, so a client always has an id to resume from.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            lastId = stream.lastId();
        }
        // While it is away: new conversations, a message in an existing one, a note; and another tenant's traffic.
        String first = acme.receive("u-1", "hello");
        acme.receive("u-2", "bonjour");
        acme.receive("u-1", "still there?");
        acme.note(first, "calling them back");
        String foreign = globex.receive("g-1", "globex private");
        assertTrue(positionsAfter(acme.id, Long.parseLong(lastId)).size() >= 6, "events written meanwhile");

        try (SseClient resumed = connect(acme.agent, Map.of("Last-Event-ID", lastId))) {
            // Every event of the tenant after the last id, as the log has them (the assignment triggers may add
            // some of their own meanwhile): in order, once each.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertEquals(positionsAfter(acme.id, Long.parseLong(lastId)), eventPositions(resumed)));
            assertIncreasing(resumed);
            assertFalse(resumed.mentions(foreign), "another tenant's conversation");
            assertFalse(resumed.mentions("resync"));

            // Then the live events, once each, after the replayed ones.
            String live = acme.receive("u-3", "live now");
            resumed.awaitEvent("conversation-created", live);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertEquals(positionsAfter(acme.id, Long.parseLong(lastId)), eventPositions(resumed)));
            assertIncreasing(resumed);
            assertEquals(1, resumed.countEvents("conversation-created", live));
        }
    }

    @Test
    void anotherTenantsEventIdNeverReplaysThatTenantsEvents() throws Exception {
        Tenant acme = Tenant.create("acme");
        Tenant globex = Tenant.create("globex");
        String lastId;
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            lastId = stream.lastId();
        }
        String acmeConversation = acme.receive("u-1", "acme only");
        String globexConversation = globex.receive("g-1", "globex's own");

        // globex presents acme's position (the ids are positions in one log shared by all tenants).
        try (SseClient stream = connect(globex.agent, Map.of("Last-Event-ID", lastId))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertEquals(positionsAfter(globex.id, Long.parseLong(lastId)), eventPositions(stream)));
            assertTrue(stream.hasEvent("conversation-created", globexConversation));
            assertFalse(stream.mentions(acmeConversation), "acme's conversation replayed to globex");
        }
    }

    @Test
    void aClientAwayLongerThanTheRetentionIsToldToReloadOnce() throws Exception {
        Tenant acme = Tenant.create("acme");
        String lastId;
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            lastId = stream.lastId();
        }
        String missedConversation = acme.receive("u-1", "while away");
        // This replica's feed has read them (otherwise they would still come live, as for any client that connects
        // before its replica saw what it missed).
        awaitFeedPast(positionsAfter(acme.id, Long.parseLong(lastId)).getLast(), acme.agent);
        // As if the client had been away 20 minutes (the retention is 15): its first missed event is that old.
        try (Connection c = dataSource.getConnection();
                PreparedStatement age = c.prepareStatement("UPDATE conversation_event SET created_at = created_at"
                        + " - INTERVAL 20 MINUTE WHERE tenant_id = ? AND seq > ?")) {
            age.setString(1, acme.id);
            age.setLong(2, Long.parseLong(lastId));
            assertTrue(age.executeUpdate() > 0);
        }

        try (SseClient resumed = connect(acme.agent, Map.of("Last-Event-ID", lastId))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> resumed.messages().stream().anyMatch(m -> "resync".equals(m.name())));
            SseClient.Message resync = resumed.messages().getFirst();
            assertEquals("resync", resync.name());
            assertTrue(resync.data().contains("\"reason\":\"expired\""), resync.data());
            assertTrue(Long.parseLong(resync.id()) > Long.parseLong(lastId), "the resync names where it goes on");
            assertFalse(resumed.mentions(missedConversation), "events past the retention are not replayed");

            // The stream goes on live, and a reconnection with the resync's id resumes from there.
            String live = acme.receive("u-2", "after the resync");
            resumed.awaitEvent("conversation-created", live);
            assertEquals(
                    1,
                    resumed.messages().stream()
                            .filter(m -> "resync".equals(m.name()))
                            .count());
        }
    }

    @Test
    void anIdThisStreamNeverGaveIsAResyncNeverAnError() throws Exception {
        Tenant acme = Tenant.create("acme");
        long pastTheEnd = lastPosition() + 1_000_000;
        for (String garbage : List.of("abc", "-1", "9".repeat(40), Long.toString(pastTheEnd), "12 OR 1=1")) {
            try (SseClient stream = connect(acme.agent, Map.of("Last-Event-ID", garbage))) {
                assertResyncUnknown(stream, garbage);
            }
        }
        // The query parameter, for clients that cannot set headers.
        try (SseClient stream = SseClient.connect(streamUrl + "?lastEventId=not-an-id", acme.agent)) {
            assertResyncUnknown(stream, "the query parameter");
        }
        // The header wins over the query parameter (EventSource sends the newer id in the header on reconnecting).
        String position;
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            position = stream.lastId();
        }
        try (SseClient stream =
                connect(streamUrl + "?lastEventId=not-an-id", acme.agent, Map.of("Last-Event-ID", position))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            assertFalse(stream.mentions("resync"));
        }
    }

    @Test
    void anEventThatCommitsAfterALaterOneIsHeldForNotSkipped() throws Exception {
        Tenant acme = Tenant.create("acme");
        String conversationId = acme.receive("u-1", "hello");
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent);
                Connection slow = dataSource.getConnection()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            // One replica's transaction takes its position first and commits last.
            slow.setAutoCommit(false);
            insertEvent(slow, acme.id, conversationId, "late-first");
            try (Connection quick = dataSource.getConnection()) {
                insertEvent(quick, acme.id, conversationId, "quick-second");
            }
            // Held back while the earlier position may still commit (the bound is switchboard.streams.gap-hold).
            Awaitility.await()
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> !stream.mentions("quick-second"));
            slow.commit();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stream.mentions("late-first") && stream.mentions("quick-second"));
            List<String> order = stream.messages().stream()
                    .filter(m -> m.data() != null && m.data().contains("-first")
                            || m.data() != null && m.data().contains("-second"))
                    .map(SseClient.Message::data)
                    .toList();
            assertEquals(2, order.size(), order.toString());
            assertTrue(order.get(0).contains("late-first"), "in the log's order: " + order);
        }
    }

    @Test
    void streamsDroppedWhileTheirReplayDrainsLeaveTheServiceAnswering() throws Exception {
        // A buffered stream cancelled while another thread drains its buffer once left an event-loop thread spinning
        // for ever (two consumers on a single-consumer queue): every request on that loop then hung.
        Tenant acme = Tenant.create("acme");
        String conversationId = acme.receive("u-1", "hello");
        String lastId;
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            lastId = stream.lastId();
        }
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < 2_000; i++) {
                insertEvent(c, acme.id, conversationId, "burst-" + i);
            }
        }
        awaitFeedPast(positionsAfter(acme.id, Long.parseLong(lastId)).getLast(), acme.agent);

        for (int round = 0; round < 40; round++) {
            try (SseClient resumed = connect(acme.agent, Map.of("Last-Event-ID", lastId))) {
                int at = round;
                // Dropped at varying points of the replay: before, while and after it drains.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> resumed.messages().size() >= at * 50);
            }
        }

        // Every event loop still answers (new connections go to each in turn), and a new stream gets live events.
        RestAssuredConfig bounded = RestAssured.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000)
                        .setParam("http.socket.timeout", 10_000));
        for (int i = 0; i < 20; i++) {
            given().config(bounded)
                    .auth()
                    .oauth2(acme.agent)
                    .get("/api/v1/me")
                    .then()
                    .statusCode(200);
        }
        try (SseClient stream = SseClient.connect(streamUrl.toString(), acme.agent)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.lastId() != null);
            String live = acme.receive("u-2", "still live");
            stream.awaitEvent("conversation-created", live);
        }
    }

    /** Waits until a new stream's position (where this replica's feed stands) is at or past {@code seq}. */
    private void awaitFeedPast(long seq, String token) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (SseClient stream = SseClient.connect(streamUrl.toString(), token)) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.lastId() != null);
                return Long.parseLong(stream.lastId()) >= seq;
            }
        });
    }

    /** Every id the stream gave grows: replayed events, its position, then the live ones. */
    private static void assertIncreasing(SseClient stream) {
        long previous = -1;
        for (SseClient.Message m : stream.messages()) {
            long id = Long.parseLong(m.id());
            assertTrue(id > previous || id == previous && m.data() == null, "ids in order: " + stream.messages());
            previous = id;
        }
    }

    private void assertResyncUnknown(SseClient stream, String what) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> stream.messages().stream().anyMatch(m -> "resync".equals(m.name())));
        SseClient.Message resync = stream.messages().getFirst();
        assertEquals("resync", resync.name(), what);
        assertTrue(resync.data().contains("\"reason\":\"unknown\""), what + ": " + resync.data());
        assertNotNull(resync.id(), what);
    }

    private SseClient connect(String token, Map<String, String> headers) {
        return connect(streamUrl.toString(), token, headers);
    }

    private static SseClient connect(String url, String token, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        return SseClient.connect(url, all);
    }

    /** The ids of the stream's events (what it replayed and sent live; not its position marks). */
    private static List<Long> eventPositions(SseClient stream) {
        return stream.messages().stream()
                .filter(m -> m.data() != null)
                .map(m -> Long.parseLong(m.id()))
                .toList();
    }

    /** The positions of a tenant's events after {@code after}, as the shared log has them. */
    private List<Long> positionsAfter(String tenantId, long after) throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT seq FROM conversation_event WHERE tenant_id = ? AND seq > ? ORDER BY seq")) {
            select.setString(1, tenantId);
            select.setLong(2, after);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
        }
        return positions;
    }

    private long lastPosition() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM conversation_event");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insertEvent(Connection c, String tenantId, String conversationId, String messageId)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO conversation_event (id, tenant_id,"
                + " conversation_id, type, data, created_at) VALUES (?, ?, ?, 'NOTE_ADDED', ?, ?)")) {
            insert.setString(1, Ids.newId());
            insert.setString(2, tenantId);
            insert.setString(3, conversationId);
            insert.setString(4, "{\"messageId\":\"" + messageId + "\"}");
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** A tenant with an API channel, its admin and an agent. */
    private record Tenant(String id, String admin, String agent, String channelId) {

        static Tenant create(String name) {
            String id = TestTokens.newTenant(name);
            String admin = TestTokens.token(id, "carol", "admin");
            String channelId = given().auth()
                    .oauth2(admin)
                    .contentType("application/json")
                    .body(Map.of("kind", "API", "name", "CRM"))
                    .post("/api/v1/channels")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            return new Tenant(id, admin, TestTokens.token(id, "alice", "agent"), channelId);
        }

        /** A message from this sender through the channel's inbound API; its conversation's id. */
        String receive(String sender, String text) {
            return given().auth()
                    .oauth2(admin)
                    .contentType("application/json")
                    .body(Map.of(
                            "externalId",
                            "e-" + MESSAGES.incrementAndGet(),
                            "sender",
                            Map.of("id", sender),
                            "text",
                            text))
                    .post("/api/v1/channels/" + channelId + "/inbound")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("conversationId");
        }

        void note(String conversationId, String text) {
            given().auth()
                    .oauth2(agent)
                    .contentType("application/json")
                    .body(Map.of("type", "NOTE", "text", text))
                    .post("/api/v1/conversations/" + conversationId + "/messages")
                    .then()
                    .statusCode(201);
        }
    }
}
