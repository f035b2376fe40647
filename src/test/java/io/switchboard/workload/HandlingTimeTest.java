package io.switchboard.workload;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.common.error.ConflictException;
import io.switchboard.inbox.ConversationPresence.WorkingNow;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live work sessions: heartbeats, idle gaps, stop, resolve, the closing job, presence; times chosen by the test. */
@QuarkusTest
class HandlingTimeTest {

    private static final Instant T0 = Instant.parse("2026-02-10T14:00:00Z");

    @Inject
    HandlingTimeRecorder recorder;

    @Inject
    IdleSessionCloser closer;

    @Inject
    WorkPresence presence;

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    private InboxFixture inbox;
    private String channel;
    private String agent;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture("work");
        channel = inbox.channel("API");
        agent = inbox.operatorId(inbox.agent);
    }

    private String conversation(String sender) {
        return inbox.send(channel, "m-" + sender, sender, "Customer " + sender, "hello");
    }

    private WorkSessionView heartbeat(String conversation, String operator, Instant at) {
        return InTenant.call(inbox.tenant, () -> recorder.heartbeat(conversation, operator, at));
    }

    private List<Object> sessionIds(String conversation) {
        return sql.column("SELECT id FROM work_session WHERE conversation_id = ? ORDER BY started_at", conversation);
    }

    @Test
    void heartbeatsThirtySecondsApartFormOneSession() {
        String c = conversation("steady");
        WorkSessionView first = heartbeat(c, agent, T0);
        heartbeat(c, agent, T0.plusSeconds(30));
        WorkSessionView last = heartbeat(c, agent, T0.plusSeconds(60));

        assertEquals(first.id(), last.id());
        assertEquals(T0, last.startedAt());
        assertEquals(T0.plusSeconds(60), last.lastHeartbeatAt());
        assertNull(last.endedAt());
        assertEquals(60, last.durationSeconds());
        assertEquals(WorkSource.LIVE, last.source());
        assertEquals(channel, last.channelId());
        assertEquals("API", last.channelKind().name());
        assertEquals(1, sessionIds(c).size());
    }

    @Test
    void aGapLongerThanTheIdleTimeoutEndsTheSessionAtItsLastHeartbeat() {
        String c = conversation("gap");
        WorkSessionView first = heartbeat(c, agent, T0);
        heartbeat(c, agent, T0.plusSeconds(30));
        WorkSessionView second = heartbeat(c, agent, T0.plusSeconds(91));

        assertNotEquals(first.id(), second.id());
        assertEquals(T0.plusSeconds(91), second.startedAt());
        assertEquals(List.of(first.id(), second.id()), sessionIds(c));
        WorkSessionView ended = InTenant.call(inbox.tenant, () -> get(first.id()));
        assertEquals(T0.plusSeconds(30), ended.endedAt());
        assertEquals(30, ended.durationSeconds());
    }

    @Test
    void aGapOfExactlyTheIdleTimeoutKeepsTheSession() {
        String c = conversation("edge");
        WorkSessionView first = heartbeat(c, agent, T0);
        assertEquals(first.id(), heartbeat(c, agent, T0.plusSeconds(60)).id());
    }

    @Test
    void stopEndsTheSessionAtOnceAndAnIdleOneAtItsLastHeartbeat() {
        String c = conversation("stop");
        heartbeat(c, agent, T0);
        WorkSessionView stopped = InTenant.call(inbox.tenant, () -> recorder.stop(c, agent, T0.plusSeconds(42)))
                .orElseThrow();
        assertEquals(T0.plusSeconds(42), stopped.endedAt());
        assertEquals(42, stopped.durationSeconds());
        assertEquals(
                java.util.Optional.empty(),
                InTenant.call(inbox.tenant, () -> recorder.stop(c, agent, T0.plusSeconds(50))));

        heartbeat(c, agent, T0.plusSeconds(100));
        WorkSessionView late = InTenant.call(inbox.tenant, () -> recorder.stop(c, agent, T0.plusSeconds(500)))
                .orElseThrow();
        assertEquals(T0.plusSeconds(100), late.endedAt());
        assertEquals(0, late.durationSeconds());
    }

    @Test
    void aSessionAcrossMidnightIsOneSession() {
        String c = conversation("midnight");
        Instant beforeMidnight = Instant.parse("2026-02-10T23:59:30Z");
        WorkSessionView session = heartbeat(c, agent, beforeMidnight);
        heartbeat(c, agent, beforeMidnight.plusSeconds(30));
        heartbeat(c, agent, beforeMidnight.plusSeconds(60));
        WorkSessionView stopped = InTenant.call(
                        inbox.tenant, () -> recorder.stop(c, agent, Instant.parse("2026-02-11T00:00:40Z")))
                .orElseThrow();

        assertEquals(session.id(), stopped.id());
        assertEquals(beforeMidnight, stopped.startedAt());
        assertEquals(70, stopped.durationSeconds());
        assertEquals(1, sessionIds(c).size());
        // Stored in UTC, exactly.
        assertEquals(
                "2026-02-10 23:59:30.000000",
                sql.single(
                        "SELECT DATE_FORMAT(started_at, '%Y-%m-%d %H:%i:%s.%f') FROM work_session WHERE id = ?",
                        session.id()));
    }

    @Test
    void theClosingJobEndsAbandonedSessionsAtTheirLastHeartbeatOnce() {
        String c = conversation("abandoned");
        WorkSessionView session = heartbeat(c, agent, T0);
        heartbeat(c, agent, T0.plusSeconds(25));

        closer.closeIdle(T0.plusSeconds(80));
        assertNull(sql.single("SELECT ended_at FROM work_session WHERE id = ?", session.id()));

        closer.closeIdle(T0.plusSeconds(86));
        WorkSessionView closed = InTenant.call(inbox.tenant, () -> get(session.id()));
        assertEquals(T0.plusSeconds(25), closed.endedAt());
        assertEquals(25, closed.durationSeconds());
        assertEquals(
                1L,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'WORK_ENDED'"
                                + " AND data LIKE '%idle%'",
                        c));

        closer.closeIdle(T0.plusSeconds(200));
        assertEquals(
                1L,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'WORK_ENDED'",
                        c));
    }

    @Test
    void resolvingEndsEverySessionOnTheConversationAndRefusesFurtherHeartbeats() {
        String c = conversation("resolve");
        String manager = inbox.operatorId(inbox.manager);
        Instant recent = clock.instant().minusSeconds(20).truncatedTo(ChronoUnit.MICROS);
        heartbeat(c, agent, recent);
        heartbeat(c, manager, recent.plusSeconds(5));

        inbox.patch(inbox.manager, c, Map.of("status", "RESOLVED")).statusCode(200);

        Object resolvedAt = sql.single(
                "SELECT created_at FROM conversation_event WHERE conversation_id = ? AND type = 'STATUS_CHANGED'", c);
        assertEquals(
                List.of(resolvedAt, resolvedAt),
                sql.column("SELECT ended_at FROM work_session WHERE conversation_id = ?", c));
        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + c + "/work/heartbeat")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertThrows(ConflictException.class, () -> heartbeat(c, agent, clock.instant()));
        assertEquals(2, sessionIds(c).size());
    }

    /**
     * Stopping work waits for the conversation before it takes the session, the order in which a heartbeat and a
     * resolve take them. The other order deadlocked a stop, a resolve and a heartbeat of one conversation: the stop
     * held the session and waited for the conversation (its history's insert checks the conversation), queued behind
     * the resolve, which held nothing yet and waited for the heartbeat's shared lock, while the heartbeat waited for
     * the session (CI, where the embedded MariaDB aborted right after such a deadlock).
     */
    @Test
    void stoppingWorkWaitsForTheConversationBeforeTakingItsSession() throws Exception {
        String c = conversation("lock-order");
        heartbeat(c, agent, clock.instant().minusSeconds(20).truncatedTo(ChronoUnit.MICROS));
        String session = (String) sessionIds(c).get(0);
        try (Connection resolving = dataSource.getConnection();
                Connection probe = dataSource.getConnection()) {
            resolving.setAutoCommit(false);
            probe.setAutoCommit(false);
            // The conversation locked as a resolve locks it.
            execute(resolving, "SELECT id FROM conversation WHERE id = ? FOR UPDATE", c);
            CompletableFuture<Optional<WorkSessionView>> stop = CompletableFuture.supplyAsync(
                    () -> InTenant.call(inbox.tenant, () -> recorder.stop(c, agent, clock.instant())));
            await().atMost(Duration.ofSeconds(10)).until(() -> statementOn(probe, c));
            // While the stop waits for the conversation, the session is free for the resolve to end.
            execute(probe, "SELECT id FROM work_session WHERE id = ? FOR UPDATE NOWAIT", session);
            probe.rollback();
            resolving.rollback();
            assertEquals(session, stop.get(10, TimeUnit.SECONDS).orElseThrow().id());
        }
        assertEquals(1L, sql.count("SELECT COUNT(*) FROM work_session WHERE id = ? AND ended_at IS NOT NULL", session));
    }

    /**
     * The closing job never waits for a conversation that a resolve (or any other change) holds: it would do so while
     * holding the session the resolve wants next. It closes the other idle sessions and leaves that one; the next run
     * closes it.
     */
    @Test
    void theClosingJobPassesOverAConversationBeingChanged() throws Exception {
        String held = conversation("held");
        String free = conversation("free");
        WorkSessionView heldSession = heartbeat(held, agent, T0);
        WorkSessionView freeSession = heartbeat(free, agent, T0);
        try (Connection resolving = dataSource.getConnection()) {
            resolving.setAutoCommit(false);
            execute(resolving, "SELECT id FROM conversation WHERE id = ? FOR UPDATE", held);
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> closer.closeIdle(T0.plusSeconds(300)));
            run.get(10, TimeUnit.SECONDS);
            assertNull(sql.single("SELECT ended_at FROM work_session WHERE id = ?", heldSession.id()));
            assertEquals(
                    T0, InTenant.call(inbox.tenant, () -> get(freeSession.id())).endedAt());
            resolving.rollback();
        }
        closer.closeIdle(T0.plusSeconds(300));
        assertEquals(
                T0, InTenant.call(inbox.tenant, () -> get(heldSession.id())).endedAt());
    }

    private static void execute(Connection connection, String statement, String parameter) throws Exception {
        try (PreparedStatement prepared = connection.prepareStatement(statement)) {
            prepared.setString(1, parameter);
            prepared.executeQuery().close();
        }
    }

    /** Whether another connection than {@code own} is running a statement that names {@code id}. */
    private static boolean statementOn(Connection own, String id) throws Exception {
        try (PreparedStatement select = own.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE ?")) {
            select.setString(1, "%" + id + "%");
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    @Test
    void theApiAnswersTheCurrentSessionAndStopsIt() {
        String c = conversation("api");
        Response first = given().auth().oauth2(inbox.agent).post("/api/v1/conversations/" + c + "/work/heartbeat");
        first.then()
                .statusCode(200)
                .body("operatorId", equalTo(agent))
                .body("conversationId", equalTo(c))
                .body("source", equalTo("LIVE"))
                .body("endedAt", nullValue());
        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + c + "/work/heartbeat")
                .then()
                .statusCode(200)
                .body("id", equalTo(first.path("id")));

        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + c + "/work/stop")
                .then()
                .statusCode(200)
                .body("id", equalTo(first.path("id")))
                .body("endedAt", org.hamcrest.Matchers.notNullValue());
        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + c + "/work/stop")
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(inbox.agent)
                .get("/api/v1/conversations/" + c + "/events")
                .then()
                .statusCode(200)
                .body("items.type", hasItems("WORK_STARTED", "WORK_ENDED"));
    }

    @Test
    void anotherTenantsConversationIsNotFound() {
        String c = conversation("private");
        String stranger = TestTokens.token(TestTokens.newTenant("work-other"), "eve", "manager");
        for (String action : List.of("heartbeat", "stop")) {
            given().auth()
                    .oauth2(stranger)
                    .post("/api/v1/conversations/" + c + "/work/" + action)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/no-such-conversation/work/heartbeat")
                .then()
                .statusCode(404);
        assertEquals(0, sessionIds(c).size());
    }

    @Test
    void concurrentHeartbeatsOpenOneSession() throws Exception {
        // Several rounds: concurrent first heartbeats used to deadlock on the open-session key now and then.
        for (int round = 0; round < 5; round++) {
            concurrentHeartbeatsOn(conversation("concurrent-" + round));
        }
    }

    private void concurrentHeartbeatsOn(String c) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = java.util.Collections.nCopies(
                    8,
                    () -> given().auth()
                            .oauth2(inbox.agent)
                            .post("/api/v1/conversations/" + c + "/work/heartbeat")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("id"));
            List<String> ids = pool.invokeAll(calls).stream()
                    .map(HandlingTimeTest::join)
                    .distinct()
                    .toList();
            assertEquals(1, ids.size());
            assertEquals(List.of(ids.get(0)), sessionIds(c));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void presenceShowsWhoWorksNowAndForgetsThemAfterTheIdleTimeout() {
        String c = conversation("presence");
        String manager = inbox.operatorId(inbox.manager);
        // The manager's last heartbeat is older than the idle timeout: not working on it any more.
        heartbeat(c, manager, clock.instant().minusSeconds(61));
        inbox.conversation(inbox.manager, c).statusCode(200).body("workingNow", empty());

        Instant since = Instant.parse(given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + c + "/work/heartbeat")
                .then()
                .statusCode(200)
                .extract()
                .path("startedAt"));
        inbox.conversation(inbox.manager, c)
                .statusCode(200)
                .body("workingNow", hasSize(1))
                .body("workingNow[0].operatorId", equalTo(agent))
                .body("workingNow[0].name", equalTo("Alice Tester"))
                .body("workingNow[0].since", equalTo(since.toString()));

        List<WorkingNow> later =
                InTenant.call(inbox.tenant, () -> presence.workingAt(inbox.tenant, c, since.plusSeconds(61)));
        assertEquals(List.of(), later);
        List<WorkingNow> justInTime =
                InTenant.call(inbox.tenant, () -> presence.workingAt(inbox.tenant, c, since.plusSeconds(60)));
        assertEquals(List.of(new WorkingNow(agent, "Alice Tester", since)), justInTime);
    }

    private static WorkSessionView get(String id) {
        WorkSession s = WorkSession.<WorkSession>find("id", id).firstResult();
        return WorkSessionView.of(s);
    }

    private static String join(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
