package io.switchboard.demo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The local run's demo data: never seeded unless asked, seeded once, and consistent with what the product's own
 * paths would have written: every report's totals are the sums of the seeded facts, and rebuilding the rollups
 * from the raw rows changes nothing.
 */
@QuarkusTest
class DemoSeedTest {

    @Inject
    DemoSeed seed;

    @Inject
    DemoConfig config;

    @Inject
    Sql sql;

    @Test
    void withoutTheSettingNothingIsSeeded() {
        // The test profile, like production, does not set switchboard.demo.seed: the demo tenant stays empty.
        assertFalse(config.seed());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM channel WHERE tenant_id = 'acme'"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = 'acme'"));
    }

    @Test
    void theDemoOperatorsAreTheRealmsUsers() throws Exception {
        String realm = Files.readString(Path.of("k8s/dev/switchboard-realm.json"));
        for (DemoSeed.DemoOperator o : DemoSeed.OPERATORS) {
            assertTrue(
                    realm.contains("\"id\": \"" + o.subject() + "\"")
                            || realm.contains("\"id\":\"" + o.subject() + "\""),
                    o.username() + "'s subject is the realm's");
            assertTrue(realm.contains("\"username\": \"" + o.username() + "\""), o.username());
        }
    }

    @Test
    void aSeededTenantsReportsAddUpToItsFactsAndSurviveARebuild() {
        String tenant = TestTokens.newTenant("demo");
        assertTrue(seed.seed(tenant));
        String counts = counts(tenant);
        assertFalse(seed.seed(tenant), "a second start adds nothing");
        assertEquals(counts, counts(tenant));

        long conversations = sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?", tenant);
        assertTrue(conversations >= 170 && conversations <= 260, conversations + " conversations");
        assertEquals(
                List.of("API", "CHAT", "EMAIL", "FACEBOOK", "SMS", "X"),
                sql.column("SELECT kind FROM channel WHERE tenant_id = ? ORDER BY kind", tenant));
        assertTrue(sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ? AND status = 'OPEN'", tenant) >= 4);
        // Arriving now: bob handed two to alice and one to andy; one waits for whoever takes it.
        String openOf = "SELECT COUNT(*) FROM conversation c JOIN operator o ON o.id = c.assignee_id"
                + " WHERE c.tenant_id = ? AND c.status = 'OPEN' AND o.username = ?";
        assertTrue(sql.count(openOf, tenant, "alice") >= 2);
        assertTrue(sql.count(openOf, tenant, "andy") >= 1);
        assertTrue(sql.count(
                        "SELECT COUNT(*) FROM conversation WHERE tenant_id = ? AND status = 'OPEN' AND assignee_id IS NULL",
                        tenant)
                >= 1);

        String bob = TestTokens.builder(tenant, "bob", "manager")
                .subject(DemoSeed.OPERATORS.get(2).subject())
                .sign();
        LocalDate today = LocalDate.now(DemoSeed.ZONE);
        Map<String, String> range = Map.of(
                "from",
                today.minusDays(DemoSeed.DAYS).toString(),
                "to",
                today.plusDays(1).toString(),
                "groupBy",
                "month");

        // Channel costs: handling time, cost, uncosted time, messages and resolutions are the seeded rows' sums.
        JsonPath costs = report(bob, "channel-costs", range);
        Map<String, long[]> byKind = new TreeMap<>();
        Map<String, BigDecimal> costByKind = new TreeMap<>();
        for (Map<String, Object> row : costs.<Map<String, Object>>getList("rows")) {
            String kind = (String) row.get("kind");
            long[] s = byKind.computeIfAbsent(kind, k -> new long[5]);
            s[0] += ((Number) row.get("handlingSeconds")).longValue();
            s[1] += ((Number) row.get("uncostedSeconds")).longValue();
            s[2] += ((Number) row.get("messagesIn")).longValue();
            s[3] += ((Number) row.get("messagesOut")).longValue();
            s[4] += ((Number) row.get("conversationsResolved")).longValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> money = (List<Map<String, Object>>) row.get("costs");
            for (Map<String, Object> m : money) {
                assertEquals("EUR", m.get("currency"));
                costByKind.merge(kind, new BigDecimal(m.get("amountMinor").toString()), BigDecimal::add);
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (Object kind :
                sql.column("SELECT DISTINCT channel_kind FROM work_session WHERE tenant_id = ? ORDER BY 1", tenant)) {
            String k = (String) kind;
            expected.put(
                    k,
                    sql.single(
                                    // CAST: MariaDB's 10.11.5 (the embedded server) gives numbers CONCATed as binary.
                                    "SELECT CAST(CONCAT(SUM(duration_seconds), '|', SUM(IF(hourly_cost_minor IS NULL,"
                                            + " duration_seconds, 0))) AS CHAR) FROM work_session WHERE tenant_id = ?"
                                            + " AND channel_kind = ?",
                                    tenant,
                                    k)
                            + "|"
                            + sql.count(
                                    "SELECT COUNT(*) FROM message m JOIN channel c ON c.id = m.channel_id WHERE m.tenant_id = ?"
                                            + " AND c.kind = ? AND m.direction = 'INBOUND'",
                                    tenant,
                                    k)
                            + "|"
                            + sql.count(
                                    "SELECT COUNT(*) FROM message m JOIN channel c ON c.id = m.channel_id WHERE m.tenant_id = ?"
                                            + " AND c.kind = ? AND m.direction = 'OUTBOUND' AND m.delivery_status"
                                            + " NOT IN ('FAILED', 'CANCELLED')",
                                    tenant,
                                    k)
                            + "|"
                            + sql.count(
                                    "SELECT COUNT(*) FROM reporting_event WHERE tenant_id = ? AND channel_kind = ?"
                                            + " AND kind = 'RESOLUTION'",
                                    tenant,
                                    k));
        }
        Map<String, String> reported = new TreeMap<>();
        byKind.forEach((k, s) -> reported.put(k, s[0] + "|" + s[1] + "|" + s[2] + "|" + s[3] + "|" + s[4]));
        assertEquals(expected, reported);
        assertEquals(7, reported.size(), "six carried kinds and the phone");
        assertTrue(byKind.values().stream().mapToLong(s -> s[1]).sum() > 0, "carol's hours are uncosted");
        // Every row is rounded once: the total is within half a minor unit per row of the exact sum.
        BigDecimal exact = ((BigDecimal) sql.single(
                        "SELECT SUM(duration_seconds * hourly_cost_minor) FROM work_session WHERE tenant_id = ?",
                        tenant))
                .divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN);
        BigDecimal total = costByKind.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        int rows = costs.getList("rows").size();
        assertTrue(total.subtract(exact).abs().compareTo(BigDecimal.valueOf(rows)) <= 0, total + " vs " + exact);

        // Response times: one first response per conversation answered, and each kind has its character.
        JsonPath times = report(
                bob, "response-times", Map.of("from", range.get("from"), "to", range.get("to"), "groupBy", "month"));
        assertEquals(
                sql.count(
                        "SELECT COUNT(*) FROM reporting_event WHERE tenant_id = ? AND kind = 'FIRST_RESPONSE'", tenant),
                sql.count(
                        "SELECT COUNT(DISTINCT m.conversation_id) FROM message m WHERE m.tenant_id = ?"
                                + " AND m.direction = 'OUTBOUND' AND m.delivery_status IN ('SENT', 'DELIVERED')",
                        tenant));
        assertTrue(median(times, "CHAT") < 5 * 60, "chat answered in minutes");
        assertTrue(median(times, "EMAIL") > 2 * 3600, "email in hours");

        // Volume: inbound and outbound messages per kind, as stored.
        JsonPath volume = report(bob, "volume", range);
        long in = volume.<Map<String, Object>>getList("rows").stream()
                .mapToLong(r -> ((Number) r.get("messagesIn")).longValue())
                .sum();
        assertEquals(
                sql.count("SELECT COUNT(*) FROM message WHERE tenant_id = ? AND direction = 'INBOUND'", tenant), in);

        // Getting better: the first month cost more per resolved conversation than the last.
        List<Object> perMonth = sql.column(
                "SELECT SUM(w.duration_seconds * COALESCE(w.hourly_cost_minor, 0)) / COUNT(DISTINCT w.conversation_id)"
                        + " FROM work_session w WHERE w.tenant_id = ? AND w.conversation_id IS NOT NULL"
                        + " GROUP BY w.started_at < NOW() - INTERVAL 60 DAY, w.started_at > NOW() - INTERVAL 30 DAY"
                        + " ORDER BY MIN(w.started_at)",
                tenant);
        assertTrue(
                ((BigDecimal) perMonth.get(0)).compareTo((BigDecimal) perMonth.get(perMonth.size() - 1)) > 0,
                "handling cost per conversation falls: " + perMonth);

        // The rollups kept by the services equal what the rebuild makes from the raw rows.
        List<String> rollups = rollups(tenant);
        RollupRebuild.of(tenant);
        assertEquals(rollups, rollups(tenant));
    }

    private static long median(JsonPath times, String kind) {
        return times.<Map<String, Object>>getList("rows").stream()
                .filter(r -> "CHANNEL_KIND".equals(r.get("dimension"))
                        && kind.equals(r.get("key"))
                        && "FIRST_RESPONSE".equals(r.get("measure")))
                .mapToLong(r -> ((Number) r.get("medianSeconds")).longValue())
                .max()
                .orElseThrow(() -> new AssertionError("no first responses on " + kind + ": " + times.prettify()));
    }

    private String counts(String tenant) {
        List<String> counts = new ArrayList<>();
        for (String table : List.of(
                "operator",
                "operator_rate",
                "channel",
                "contact",
                "conversation",
                "message",
                "conversation_event",
                "work_session",
                "reporting_event",
                "post")) {
            counts.add(table + "=" + sql.count("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ?", tenant));
        }
        return String.join(", ", counts);
    }

    private List<String> rollups(String tenant) {
        List<String> rows = new ArrayList<>();
        Map<String, String> tables = Map.of(
                "report_work_day",
                "day, channel_key, channel_kind, currency, handling_seconds, cost_minor_seconds, sessions"
                        + " FROM report_work_day WHERE (handling_seconds <> 0 OR sessions <> 0 OR cost_minor_seconds <> 0)",
                "report_conversation_period",
                "granularity, period_start, channel_key, channel_kind, conversation_id, refs FROM"
                        + " report_conversation_period WHERE refs <> 0",
                "report_handled_period",
                "granularity, period_start, channel_key, channel_kind, conversations FROM report_handled_period"
                        + " WHERE conversations <> 0",
                "report_count_day",
                "day, channel_key, channel_kind, measure, n FROM (SELECT tenant_id, day, channel_key, channel_kind,"
                        + " measure, SUM(n) AS n FROM report_count_day"
                        + " GROUP BY tenant_id, day, channel_key, channel_kind, measure) counts WHERE n <> 0");
        new TreeMap<>(tables)
                .forEach((table, columns) -> sql.column(
                                "SELECT CAST(CONCAT_WS('|', " + columns.replaceFirst(" FROM ", ") AS CHAR) FROM ")
                                        + " AND tenant_id = ? ORDER BY 1",
                                tenant)
                        .forEach(r -> rows.add(table + ":" + r)));
        return rows;
    }

    private static JsonPath report(String token, String report, Map<String, String> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/reports/" + report)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
