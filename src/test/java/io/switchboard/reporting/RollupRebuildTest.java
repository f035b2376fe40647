package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import io.switchboard.workload.HandlingTimeRecorder;
import io.switchboard.workload.IdleSessionCloser;
import io.switchboard.workload.ReportingFacts;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rollups the services keep, change by change, are exactly what the rebuild makes from the raw rows, table by
 * table and row by row: after a mixed workload in Europe/Berlin with sessions across local midnight, across both
 * nights of a DST change (the 23-hour and the 25-hour day), across a week's and a month's end, live sessions ended by
 * a stop, by the idle closer and by resolving, late edits and a deletion of logged work, rate changes that re-cost
 * past sessions (one of them an operator's first rate, which gives uncosted work a currency), and messages ingested
 * on either side of midnight.
 */
@QuarkusTest
class RollupRebuildTest {

    @Inject
    Sql sql;

    @Inject
    HandlingTimeRecorder recorder;

    @Inject
    IdleSessionCloser closer;

    @Inject
    ReportingFacts facts;

    @Test
    void theIncrementalRollupsEqualTheRebuildRowByRow() {
        InboxFixture f = new InboxFixture("rebuild");
        setZone(f, "Europe/Berlin");
        String alice = f.operatorId(f.agent);
        String mona = f.operatorId(f.manager);
        String channel = f.channel("Support API");
        String first = ingest(f, channel, "m-1", "cust-1", "2026-03-28T22:59:59.500Z");
        ingest(f, channel, "m-2", "cust-1", "2026-03-28T23:00:00Z"); // 00:00 CET on Mar 29, the DST night
        ingest(f, channel, "m-3", "cust-1", "2026-03-29T01:00:00Z"); // 03:00 CEST: 02:00 was skipped
        String second = ingest(f, channel, "m-4", "cust-2", "2026-10-24T22:30:00Z"); // 00:30 CEST, Oct 25
        ingest(f, channel, "m-5", "cust-2", "2026-10-25T00:30:00Z"); // 02:30 CET, the hour that came twice

        setRate(f, alice, 3600, "EUR", "2026-01-01T00:00:00Z");
        // Across midnight (23:30-00:30 CET), across the spring DST night (00:30 CET - 04:30 CEST, 3 h), across
        // Sunday-Monday (a week's end) and March-April (a month's end), and over the whole 25-hour autumn day.
        logWork(f.agent, first, "API", "2026-03-27T22:30:00Z", 3600);
        String spring = logWork(f.agent, first, "API", "2026-03-28T23:30:00Z", 10_800);
        logWork(f.agent, first, "API", "2026-03-29T21:30:00Z", 3600);
        String monthEnd = logWork(f.agent, second, "API", "2026-03-31T21:30:00Z", 3600);
        logWork(f.agent, second, "API", "2026-10-24T22:00:00Z", 86_400);
        logWork(f.agent, null, "PHONE", "2026-10-24T23:30:00Z", 5400);
        String deleted = logWork(f.agent, second, "PHONE", "2026-10-25T09:00:00Z", 600);
        // mona works before she has any rate: uncosted, until her first rate covers it.
        logWork(f.manager, first, "API", "2026-03-29T06:00:00Z", 1800);

        // Live: heartbeats across midnight on the spring DST night, stopped; one abandoned, ended by the idle closer.
        Instant live = Instant.parse("2026-03-28T22:58:00Z");
        for (int i = 0; i <= 8; i++) {
            Instant at = live.plusSeconds(30L * i);
            InTenant.call(f.tenant, () -> recorder.heartbeat(first, alice, at));
        }
        InTenant.call(f.tenant, () -> recorder.stop(first, alice, live.plusSeconds(240)));
        Instant abandoned = Instant.parse("2026-10-24T21:59:00Z");
        for (int i = 0; i <= 4; i++) {
            Instant at = abandoned.plusSeconds(30L * i);
            InTenant.call(f.tenant, () -> recorder.heartbeat(second, mona, at));
        }
        closer.closeIdle(abandoned.plusSeconds(3600));

        // Late edits: a session moved across midnight, one lengthened, one changed to PHONE, one deleted.
        patch(f, spring, Map.of("startedAt", "2026-03-28T22:45:00Z"));
        patch(f, monthEnd, Map.of("durationSeconds", 7200));
        patch(f, monthEnd, Map.of("channelKind", "PHONE"));
        given().auth()
                .oauth2(f.agent)
                .delete("/api/v1/work-sessions/" + deleted)
                .then()
                .statusCode(204);
        // Rate changes re-cost what started after them; mona's first rate covers all she did.
        setRate(f, alice, 7200, "EUR", "2026-03-29T00:30:00Z");
        setRate(f, alice, 5400, "EUR", "2026-10-01T00:00:00Z");
        setRate(f, mona, 6000, "USD", "2026-06-01T00:00:00Z");

        // A live session on the first conversation ended by resolving it, and the resolution counted.
        Instant resolving = Instant.now().minusSeconds(120);
        InTenant.call(f.tenant, () -> recorder.heartbeat(first, alice, resolving));
        InTenant.call(f.tenant, () -> recorder.heartbeat(first, alice, resolving.plusSeconds(30)));
        f.patch(f.agent, first, Map.of("status", "RESOLVED")).statusCode(200);
        facts.measure(Set.of(first, second));
        assertEquals(
                0L,
                ((Number) sql.single(
                                "SELECT COUNT(*) FROM work_session WHERE tenant_id = ? AND ended_at IS NULL", f.tenant))
                        .longValue(),
                "every session ended");

        Map<String, List<String>> incremental = rollups(f.tenant);
        // The workload reached what it is meant to test.
        assertTrue(incremental.get("report_work_day").stream().anyMatch(r -> r.startsWith("2026-03-29|")));
        assertTrue(incremental.get("report_work_day").stream().anyMatch(r -> r.startsWith("2026-10-25|")));
        assertTrue(incremental.get("report_work_day").stream().anyMatch(r -> r.contains("|USD|")));
        assertTrue(incremental.get("report_handled_period").stream().anyMatch(r -> r.startsWith("M|2026-04-01|")));
        assertTrue(incremental.get("report_count_day").stream().anyMatch(r -> r.contains("|RESOLVED|")));
        assertEquals(
                List.of("2026-03-28", "2026-03-29", "2026-03-29", "2026-10-25", "2026-10-25"),
                incremental.get("report_count_day").stream()
                        .filter(r -> r.contains("|MESSAGES_IN|"))
                        .flatMap(r -> java.util.Collections.nCopies(
                                Integer.parseInt(r.substring(r.lastIndexOf('|') + 1)), r.substring(0, 10))
                                .stream())
                        .toList());

        RollupRebuild.of(f.tenant);
        Map<String, List<String>> rebuilt = rollups(f.tenant);
        for (String table : incremental.keySet()) {
            assertEquals(incremental.get(table), rebuilt.get(table), table);
        }
    }

    /** Every rollup row of the tenant, ordered; the count shards summed (readers see their sum). */
    private Map<String, List<String>> rollups(String tenant) {
        Map<String, List<String>> tables = new java.util.LinkedHashMap<>();
        tables.put(
                "report_work_day",
                strings(
                        "SELECT CAST(CONCAT_WS('|', day, channel_key, channel_kind, currency, handling_seconds,"
                                + " cost_minor_seconds, sessions) AS CHAR) FROM report_work_day WHERE tenant_id = ?"
                                + " ORDER BY day, channel_key, channel_kind, currency",
                        tenant));
        tables.put(
                "report_conversation_period",
                strings(
                        "SELECT CAST(CONCAT_WS('|', granularity, period_start, channel_key, channel_kind,"
                                + " conversation_id, refs) AS CHAR) FROM report_conversation_period WHERE tenant_id = ?"
                                + " ORDER BY granularity, period_start, channel_key, channel_kind, conversation_id",
                        tenant));
        tables.put(
                "report_handled_period",
                strings(
                        "SELECT CAST(CONCAT_WS('|', granularity, period_start, channel_key, channel_kind,"
                                + " conversations) AS CHAR) FROM report_handled_period WHERE tenant_id = ?"
                                + " ORDER BY granularity, period_start, channel_key, channel_kind",
                        tenant));
        tables.put(
                "report_count_day",
                strings(
                        "SELECT CAST(CONCAT_WS('|', day, channel_key, channel_kind, measure, SUM(n)) AS CHAR)"
                                + " FROM report_count_day WHERE tenant_id = ? GROUP BY day, channel_key, channel_kind,"
                                + " measure HAVING SUM(n) <> 0 ORDER BY day, channel_key, channel_kind, measure",
                        tenant));
        return tables;
    }

    private List<String> strings(String query, String tenant) {
        return sql.column(query, tenant).stream().map(String::valueOf).toList();
    }

    private static String ingest(InboxFixture f, String channel, String externalId, String sender, String sentAt) {
        Map<String, Object> message = new HashMap<>(InboxFixture.message(externalId, sender, "Customer", "Hello"));
        message.put("sentAt", sentAt);
        return f.deliver(channel, message).statusCode(201).extract().path("conversationId");
    }

    private static String logWork(String token, String conversationId, String kind, String startedAt, int seconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("channelKind", kind);
        body.put("startedAt", startedAt);
        body.put("durationSeconds", seconds);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void patch(InboxFixture f, String session, Map<String, Object> body) {
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/work-sessions/" + session)
                .then()
                .statusCode(200);
    }

    private static void setRate(InboxFixture f, String operator, long amount, String currency, String from) {
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("hourlyCost", Map.of("amountMinor", amount, "currency", currency, "effectiveFrom", from)))
                .patch("/api/v1/operators/" + operator)
                .then()
                .statusCode(200);
    }

    private static void setZone(InboxFixture f, String zone) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", zone))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200)
                .body("timeZone", equalTo(zone));
    }
}
