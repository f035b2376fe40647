package io.switchboard.limits;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.common.load.CriticalWork;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API reads under overload, with the configured limits (16 reads at once per replica, 6 per tenant, 5 s per
 * statement): a read too slow answers 503 and frees its connection, reads beyond a limit are refused at once with
 * 503 and {@code Retry-After}, one tenant's flood leaves the other tenants' reads alone, and the statement time
 * limit never stays on a pooled connection.
 */
@QuarkusTest
class ReadOverloadTest {

    @Inject
    ReadBulkhead bulkhead;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Sql sql;

    @Inject
    CriticalWork criticalWork;

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdown();
        clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.inFlight() == 0);
    }

    private static String agent(String tenant) {
        return TestTokens.token(tenant, "alice", "agent");
    }

    /** A tenant whose agent has been provisioned, so that its first slow read does nothing else. */
    private static String tenantWithAgent(String prefix) {
        String tenant = TestTokens.newTenant(prefix);
        given().auth().oauth2(agent(tenant)).get("/api/v1/me").then().statusCode(200);
        return tenant;
    }

    private static Response sleep(String tenant, double seconds) {
        return given().auth().oauth2(agent(tenant)).get("/api/v1/test-reads/sleep?seconds=" + seconds);
    }

    /**
     * Starts {@code n} reads of the tenant that each hold a connection until the returned hold is closed, and waits
     * until all of them run.
     */
    private Hold hold(String tenant, int n) {
        return hold(tenant, n, "");
    }

    /** As {@link #hold(String, int)}, with {@code query} added to the reads (e.g. {@code &q=x}: searches). */
    private Hold hold(String tenant, int n, String query) {
        String key = java.util.UUID.randomUUID().toString();
        ReadProbeResource.holdReads(key);
        // A place is returned just after its read has answered: wait until the tenant's earlier reads (its agent's
        // provisioning) have returned theirs, or the count below could never be reached.
        await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.inFlight(tenant) == 0);
        int before = 0;
        List<Future<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reads.add(clients.submit(() -> given().auth()
                    .oauth2(agent(tenant))
                    .get("/api/v1/test-reads/hold?key=" + key + query)
                    .statusCode()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> bulkhead.inFlight(tenant) == before + n);
        return new Hold(key, reads);
    }

    /** Reads held open; closing releases them and checks they all answered 200. */
    private record Hold(String key, List<Future<Integer>> reads) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            ReadProbeResource.release(key);
            for (Future<Integer> read : reads) {
                assertEquals(200, read.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    private static double metric(String name, String labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name)
                        + (labels.isEmpty() ? "" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\}")
                        + "\\s+([0-9.eE+-]+)$")
                .matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void assertShedAtOnce(Response response, String reason) {
        response.then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:service-unavailable"))
                .body("status", equalTo(503))
                .header("Retry-After", equalTo("1"));
        assertTrue(response.time() < 1000, reason + ": answered after " + response.time() + " ms");
    }

    /**
     * Searches (reads with {@code q}) cost the database far more than page reads: they have smaller limits of their
     * own, per tenant and per replica, and a search beyond them is refused at once while page reads go on.
     */
    @Test
    void searchesHaveTheirOwnSmallerLimits() throws Exception {
        assertEquals(1, bulkhead.searchTenantLimit(), "the test assumes the default limits");
        String first = tenantWithAgent("search-a");
        String second = tenantWithAgent("search-b");
        String third = tenantWithAgent("search-c");
        double tenantShedBefore = metric("switchboard_reads_shed_total", "limit=\"search-tenant\"");
        double replicaShedBefore = metric("switchboard_reads_shed_total", "limit=\"search-replica\"");
        try (Hold searching = hold(first, 1, "&q=refund")) {
            assertEquals(1, bulkhead.searchesInFlight(first));
            Response again = given().auth().oauth2(agent(first)).get("/api/v1/conversations?q=parcel");
            assertShedAtOnce(again, "the tenant's second search");
            again.then().body("detail", org.hamcrest.Matchers.containsString("searches"));
            given().auth()
                    .oauth2(agent(first))
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(200);
            given().auth().oauth2(agent(first)).get("/api/v1/contacts").then().statusCode(200);
            try (Hold other = hold(second, 1, "&q=refund")) {
                // The replica's two search places are taken: a third tenant's search waits its turn.
                assertShedAtOnce(
                        given().auth().oauth2(agent(third)).get("/api/v1/contacts?q=ann"),
                        "a search beyond the replica's");
                given().auth()
                        .oauth2(agent(third))
                        .get("/api/v1/contacts")
                        .then()
                        .statusCode(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.searchesInFlight(second) == 0);
            given().auth()
                    .oauth2(agent(third))
                    .get("/api/v1/contacts?q=ann")
                    .then()
                    .statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.searchesInFlight(first) == 0);
        given().auth()
                .oauth2(agent(first))
                .get("/api/v1/conversations?q=parcel")
                .then()
                .statusCode(200);
        assertEquals(tenantShedBefore + 1, metric("switchboard_reads_shed_total", "limit=\"search-tenant\""));
        assertEquals(replicaShedBefore + 1, metric("switchboard_reads_shed_total", "limit=\"search-replica\""));
    }

    @Test
    void aTenantSearchingAsItsOperatorTypesIsNeverRefusedByItsOwnPreviousSearch() {
        assertEquals(1, bulkhead.searchTenantLimit(), "the test assumes the default limits");
        String tenant = tenantWithAgent("search-typing");
        String typed = "refund for the parcel that never came";
        // Each search starts as soon as the previous answer arrived: its place must be free by then.
        for (int i = 1; i <= typed.length(); i++) {
            given().auth()
                    .oauth2(agent(tenant))
                    .queryParam("q", typed.substring(0, i))
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(200);
            assertEquals(0, bulkhead.searchesInFlight(tenant), "a search answered still holds its place");
        }
    }

    @Test
    void aReadOverItsStatementTimeLimitAnswers503WithRetryAfterAndFreesItsConnection() {
        String tenant = tenantWithAgent("reads-slow");
        double timeoutsBefore = metric("switchboard_reads_statement_timeouts_total", "");

        Response response = sleep(tenant, 60);

        response.then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:service-unavailable"))
                .body("correlationId", org.hamcrest.Matchers.notNullValue());
        assertTrue(Long.parseLong(response.header("Retry-After")) >= 1);
        assertTrue(response.time() >= 4_500 && response.time() < 30_000, "answered after " + response.time() + " ms");
        assertEquals(timeoutsBefore + 1, metric("switchboard_reads_statement_timeouts_total", ""));
        // The server stopped the statement: nothing sleeps on, and the read's place is free again.
        assertEquals(
                0, sql.count("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(%'"));
        assertEquals(0, bulkhead.inFlight(tenant));
        sleep(tenant, 0).then().statusCode(200);
    }

    @Test
    void readsRunUnderTheirStatementTimeLimitAndPooledConnectionsDoNotKeepIt() throws Exception {
        String tenant = tenantWithAgent("reads-limit");
        String manager = TestTokens.token(tenant, "mona", "manager");
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    5.0,
                    limitSeen(given().auth().oauth2(agent(tenant)).get("/api/v1/test-reads/statement-time-limit")));
            assertEquals(
                    30.0,
                    limitSeen(given().auth().oauth2(manager).get("/api/v1/test-report-reads/statement-time-limit")));
        }
        // Writes are not limited, although their connections served limited reads just before.
        assertEquals(
                0.0, limitSeen(given().auth().oauth2(agent(tenant)).post("/api/v1/test-reads/statement-time-limit")));
        // Nor is anything outside a request (the dispatcher, ingest writers, jobs): every idle pooled connection
        // comes without a limit.
        List<Connection> taken = new ArrayList<>();
        try {
            long idle = dataSource.getMetrics().availableCount();
            for (int i = 0; i < idle; i++) {
                Connection c = dataSource.getConnection();
                taken.add(c);
                try (var statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT @@SESSION.max_statement_time")) {
                    rs.next();
                    assertEquals(0, rs.getBigDecimal(1).signum(), "a pooled connection kept a read's limit");
                }
            }
            assertTrue(taken.size() > 1, "took " + taken.size() + " idle connections");
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
    }

    private static double limitSeen(Response response) {
        response.then().statusCode(200);
        return Double.parseDouble(response.asString());
    }

    @Test
    void aTenantsFloodIsRefusedAtOnceWhileAnotherTenantsFirstReadGoesThrough() throws Exception {
        String flooding = tenantWithAgent("reads-flood");
        String other = tenantWithAgent("reads-other");
        double shedBefore = metric("switchboard_reads_shed_total", "limit=\"tenant\"");

        try (Hold flood = hold(flooding, bulkhead.tenantLimit())) {
            assertShedAtOnce(sleep(flooding, 0), "the flooding tenant's next read");
            given().auth()
                    .oauth2(agent(other))
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(200);
            assertEquals(bulkhead.tenantLimit(), bulkhead.inFlight(flooding), "the flood still runs");
            assertEquals(shedBefore + 1, metric("switchboard_reads_shed_total", "limit=\"tenant\""));
        }
        // Recovered as soon as the reads are done.
        sleep(flooding, 0).then().statusCode(200);
    }

    @Test
    void whenTheReplicasReadsAreAllTakenEveryTenantsReadIsRefusedUntilOneEnds() throws Exception {
        String late = tenantWithAgent("reads-late");
        List<Hold> holds = new ArrayList<>();
        try {
            for (int left = bulkhead.replicaLimit(); left > 0; left -= bulkhead.tenantLimit()) {
                holds.add(hold(tenantWithAgent("reads-full"), Math.min(left, bulkhead.tenantLimit())));
            }
            assertEquals(bulkhead.replicaLimit(), bulkhead.inFlight());
            double shedBefore = metric("switchboard_reads_shed_total", "limit=\"replica\"");

            assertShedAtOnce(sleep(late, 0), "a read beyond the replica's limit");
            assertEquals(shedBefore + 1, metric("switchboard_reads_shed_total", "limit=\"replica\""));
            // Writes are not reads: they go on.
            given().auth()
                    .oauth2(TestTokens.token(late, "carol", "admin"))
                    .contentType("application/json")
                    .body(Map.of("kind", "API", "name", "Written while reads are full", "config", Map.of()))
                    .post("/api/v1/channels")
                    .then()
                    .statusCode(201);

            // One read ends: one place is free at once.
            holds.remove(holds.size() - 1).close();
            sleep(late, 0).then().statusCode(200);
        } finally {
            for (Hold hold : holds) {
                hold.close();
            }
        }
    }

    /** The critical work's durations for one look: {@code n} of {@code millis} each. */
    private void criticalWork(int n, long millis) {
        for (int i = 0; i < n; i++) {
            criticalWork.record(Duration.ofMillis(millis).toNanos());
        }
    }

    /**
     * A stall shows at a look before the stalled work ends: in the overload drill's first flooded second fewer than
     * five pieces of critical work ended, and a look that saw only those let the reads be. Pieces still running that
     * are already slower than the tolerance allows count with their age.
     */
    @Test
    void aStallShowsAtALookBeforeTheStalledWorkEnds() throws Exception {
        criticalWork.drain();
        List<Long> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                criticalWork(200, 10);
                bulkhead.look();
            }
            assertEquals(bulkhead.replicaLimit(), bulkhead.effectiveLimit());
            for (int i = 0; i < 6; i++) {
                stalled.add(criticalWork.started());
            }
            Thread.sleep(100);
            criticalWork(2, 10); // two pieces ended at their pace: too few to tell anything alone
            bulkhead.look();
            assertEquals(8, bulkhead.effectiveLimit(), "six pieces stuck for 100 ms against a pace of 10 ms");
            assertEquals(0.5, bulkhead.tenantBudget(), 1e-9, "sharply slower: the budget at once");
        } finally {
            stalled.forEach(handle -> criticalWork.finished(handle, false));
            criticalWork.drain();
            while (bulkhead.effectiveLimit() < bulkhead.replicaLimit() || !Double.isInfinite(bulkhead.tenantBudget())) {
                bulkhead.look();
            }
        }
    }

    /**
     * While the critical work (writes, webhooks, the dispatcher) runs sharply slower than usual, each tenant's reads
     * get a time budget at once, and the replica's read limit shrinks towards its floor (2), the tenants' in proportion: a
     * tenant then runs one read at once and the next is refused, while another tenant's first read still goes
     * through. Once the work is back to its pace, the budget grows and is lifted, then the limit grows one per look.
     */
    @Test
    void whileTheCriticalWorkIsSlowReadsGetATimeBudgetAndYieldDownToTheFloor() throws Exception {
        String spending = tenantWithAgent("reads-budget");
        String flooding = tenantWithAgent("reads-yield");
        String other = tenantWithAgent("reads-yield-other");
        criticalWork.drain();
        try {
            for (int i = 0; i < 5; i++) {
                criticalWork(200, 10);
                bulkhead.look();
            }
            assertEquals(
                    bulkhead.replicaLimit(), bulkhead.effectiveLimit(), "at its pace, the limit is the configured");
            assertTrue(Double.isInfinite(bulkhead.tenantBudget()), "and reads have no time budget");

            // Four times slower: the limit is halved, and each tenant's reads may take half a second per second
            // from this look on, and may owe up to one second's budget. A 1.5-s read puts the tenant at least 1.5 s
            // in debt, back within 0.5 s after 2 s and the read's overhead: its next read is refused with that wait
            // in whole seconds, rounded up (2, or 3 on a busy machine where the read took a little longer); another
            // tenant's first read is not.
            double budgetShedBefore = metric("switchboard_reads_shed_total", "limit=\"budget\"");
            criticalWork(200, 40);
            bulkhead.look();
            assertEquals(8, bulkhead.effectiveLimit());
            assertEquals(0.5, bulkhead.tenantBudget(), 1e-9);
            assertEquals(0.5, metric("switchboard_reads_tenant_budget", ""), 1e-9);
            sleep(spending, 1.5).then().statusCode(200);
            Response refused = sleep(spending, 0);
            refused.then()
                    .statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:switchboard:problem:service-unavailable"))
                    .body("detail", org.hamcrest.Matchers.containsString("share of its time"));
            int wait = Integer.parseInt(refused.header("Retry-After"));
            assertTrue(wait >= 1 && wait <= 3, "Retry-After " + wait + " s: what is left of just over 2 s, rounded up");
            assertTrue(refused.time() < 1000, "refused at once");
            assertEquals(budgetShedBefore + 1, metric("switchboard_reads_shed_total", "limit=\"budget\""));
            given().auth()
                    .oauth2(agent(other))
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(200);
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> sleep(spending, 0).statusCode() == 200);

            // Still slow: halved per look down to the floor, the budget with it.
            List<Integer> limits = new ArrayList<>();
            limits.add(bulkhead.effectiveLimit());
            for (int i = 0; i < 2; i++) {
                criticalWork(200, 30);
                bulkhead.look();
                limits.add(bulkhead.effectiveLimit());
            }
            assertEquals(List.of(8, 4, 2), limits);
            assertEquals(2, metric("switchboard_reads_limit", ""));
            assertEquals(0.125, bulkhead.tenantBudget(), 1e-9);

            try (Hold held = hold(flooding, 1)) {
                assertShedAtOnce(sleep(flooding, 0), "a tenant's second read at the floor");
                given().auth()
                        .oauth2(agent(other))
                        .get("/api/v1/conversations")
                        .then()
                        .statusCode(200);
            }

            // Back at its pace: the budget grows by a step per look and is lifted, then the limit grows.
            int looks = 0;
            while (!Double.isInfinite(bulkhead.tenantBudget()) && looks < 20) {
                criticalWork(200, 10);
                bulkhead.look();
                looks++;
                assertEquals(2, bulkhead.effectiveLimit(), "the limit waits for the budget");
            }
            assertEquals(9, looks, "0.125 s per second, lifted at one second per second");
            criticalWork(200, 10);
            bulkhead.look();
            assertEquals(3, bulkhead.effectiveLimit(), "then one more place per look");
            try (Hold held = hold(flooding, 2)) {
                assertEquals(2, bulkhead.inFlight(flooding));
            }
        } finally {
            while (bulkhead.effectiveLimit() < bulkhead.replicaLimit() || !Double.isInfinite(bulkhead.tenantBudget())) {
                bulkhead.look();
            }
        }
    }

    @Test
    void poolUsageRefusalsTimeoutsAndLatencyHistogramsAreExported() {
        String tenant = tenantWithAgent("reads-metrics");
        given().auth().oauth2(agent(tenant)).get("/api/v1/conversations").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of(
                "agroal_active_count{",
                "agroal_available_count",
                "agroal_awaiting_count",
                "agroal_max_used_count",
                "switchboard_reads_in_flight",
                "switchboard_reads_limit",
                "switchboard_reads_shed_total{limit=\"tenant\"}",
                "switchboard_reads_shed_total{limit=\"replica\"}",
                "switchboard_reads_statement_timeouts_total",
                "http_server_requests_seconds_bucket{")) {
            assertTrue(metrics.contains(name), name + " is not exported");
        }
        assertTrue(
                Pattern.compile(
                                        "http_server_requests_seconds_bucket\\{[^}]*le=\"0\\.025\"[^}]*uri=\"/api/v1/conversations\"")
                                .matcher(metrics)
                                .find()
                        || Pattern.compile(
                                        "http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/conversations\"[^}]*le=\"0\\.025\"")
                                .matcher(metrics)
                                .find(),
                "a latency bucket of the conversation list");
    }
}
