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
        // Publishing sessions (naming a post) count on the post's channels, not on the kind their row carries.
        Map<String, long[]> publishing = publishingByKind(tenant);
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
                                            + " AND channel_kind = ? AND post_id IS NULL",
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
        expected.replaceAll((k, v) -> {
            String[] f = v.split("\\|");
            long[] p = publishing.getOrDefault(k, new long[2]);
            f[0] = String.valueOf(Long.parseLong(f[0]) + p[0]);
            f[1] = String.valueOf(Long.parseLong(f[1]) + p[1]);
            return String.join("|", f);
        });
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

        channelReturn(tenant, bob, range, publishing);

        // The rollups kept by the services equal what the rebuild makes from the raw rows.
        List<String> rollups = rollups(tenant);
        RollupRebuild.of(tenant);
        assertEquals(rollups, rollups(tenant));
    }

    /**
     * The channel-return report over the 90 days: posts, views, engagements, followers on the page and the account,
     * publishing time on the posts' channels, the broadcasts' recipients and replies, all equal to the seeded rows;
     * and a seeded post shows its latest metrics.
     */
    private void channelReturn(String tenant, String bob, Map<String, String> range, Map<String, long[]> publishing) {
        JsonPath report = report(bob, "channel-return", range);
        Map<String, long[]> reported = new TreeMap<>();
        Map<String, Long> followersEnd = new TreeMap<>();
        for (Map<String, Object> row : report.<Map<String, Object>>getList("rows")) {
            String kind = (String) row.get("kind");
            long[] n = reported.computeIfAbsent(kind, k -> new long[7]);
            n[0] += ((Number) row.get("postsPublished")).longValue();
            n[1] += ((Number) row.get("views")).longValue();
            n[2] += ((Number) row.get("engagements")).longValue();
            n[3] += row.get("followersChange") == null ? 0 : ((Number) row.get("followersChange")).longValue();
            n[4] += ((Number) row.get("publishingSeconds")).longValue();
            n[5] += ((Number) row.get("broadcastRecipients")).longValue();
            n[6] += ((Number) row.get("broadcastRepliedWithin48h")).longValue();
            if (row.get("followersEnd") != null) {
                followersEnd.merge(kind, ((Number) row.get("followersEnd")).longValue(), Math::max);
            }
        }
        for (String kind : List.of("FACEBOOK", "X")) {
            long[] n = reported.get(kind);
            // Each published target, with the figures of its latest snapshot.
            String expected = (String) sql.single(
                    "SELECT CAST(CONCAT_WS('|', COUNT(*), COALESCE(SUM(s.views), 0), COALESCE(SUM(s.reactions"
                            + " + s.comments + s.shares + COALESCE(s.quotes, 0) + COALESCE(s.bookmarks, 0)), 0))"
                            + " AS CHAR) FROM post_metrics_watch w LEFT JOIN post_metrics_snapshot s ON s.id ="
                            + " (SELECT l.id FROM post_metrics_snapshot l WHERE l.delivery_id = w.delivery_id"
                            + " ORDER BY l.fetched_at DESC LIMIT 1) WHERE w.tenant_id = ? AND w.channel_kind = ?",
                    tenant,
                    kind);
            assertEquals(expected, n[0] + "|" + n[1] + "|" + n[2], kind + ": posts|views|engagements");
            assertTrue(n[0] >= 12 && n[1] > 0 && n[2] > 0, kind + " has posts, views and engagements: " + expected);
            assertEquals(
                    n[0],
                    sql.count(
                            "SELECT COUNT(*) FROM delivery d JOIN publication_item i ON i.id = d.publication_item_id"
                                    + " JOIN channel c ON c.id = d.channel_id WHERE d.tenant_id = ? AND c.kind = ?"
                                    + " AND i.mode = 'FEED' AND d.status = 'SENT' AND d.provider_id IS NOT NULL",
                            tenant,
                            kind),
                    kind + ": one watch per published target");
            // Followers: the latest count at the end; the changes add up to the growth since the first period's
            // start (the 1st of the first month).
            String channel = "(SELECT id FROM channel WHERE tenant_id = ? AND kind = ?)";
            long latest = sql.count(
                    "SELECT followers FROM channel_follower_count WHERE channel_id = " + channel
                            + " ORDER BY fetched_at DESC LIMIT 1",
                    tenant,
                    kind);
            long atStart = sql.count(
                    "SELECT followers FROM channel_follower_count WHERE channel_id = " + channel
                            + " AND fetched_at <= ? ORDER BY fetched_at DESC LIMIT 1",
                    tenant,
                    kind,
                    LocalDate.parse(range.get("from"))
                            .withDayOfMonth(1)
                            .atStartOfDay(DemoSeed.ZONE)
                            .withZoneSameInstant(java.time.ZoneOffset.UTC)
                            .toLocalDateTime()
                            .toString()
                            .replace('T', ' '));
            assertEquals(latest, followersEnd.get(kind), kind + " followers at the end");
            assertEquals(latest - atStart, n[3], kind + " followers gained");
            assertTrue(n[3] > 0, kind + " gains followers");
            assertEquals(publishing.get(kind)[0], n[4], kind + " publishing seconds");
            assertTrue(n[4] > 0, kind + " has publishing time");
        }
        // The broadcasts: one delivery per VIP recipient, and some of them answered within two days.
        long[] smsFigures = reported.get("SMS");
        assertEquals(publishing.get("SMS")[0], smsFigures[4], "SMS publishing seconds");
        assertEquals(
                sql.count(
                        "SELECT COUNT(*) FROM delivery d JOIN publication_item i ON i.id = d.publication_item_id"
                                + " WHERE d.tenant_id = ? AND i.mode = 'BROADCAST' AND d.status = 'DELIVERED'",
                        tenant),
                smsFigures[5]);
        assertEquals(
                sql.count(
                        "SELECT COUNT(*) FROM delivery d WHERE d.tenant_id = ? AND d.recipient_contact_id IS NOT NULL"
                                + " AND EXISTS (SELECT 1 FROM conversation c JOIN message m ON m.conversation_id = c.id"
                                + " WHERE c.contact_id = d.recipient_contact_id AND m.direction = 'INBOUND'"
                                + " AND m.received_at >= d.sent_at AND m.received_at < d.sent_at + INTERVAL 48 HOUR)",
                        tenant),
                smsFigures[6]);
        assertTrue(smsFigures[5] >= 20 && smsFigures[6] >= 4, smsFigures[5] + " recipients, " + smsFigures[6]);

        // The collector's state: one snapshot per fetch, counts never falling, the schedule over after 30 days.
        assertEquals(
                0,
                sql.count(
                        "SELECT COUNT(*) FROM post_metrics_watch w WHERE w.tenant_id = ? AND (w.fetches <> (SELECT"
                                + " COUNT(*) FROM post_metrics_snapshot s WHERE s.delivery_id = w.delivery_id)"
                                + " OR (w.next_fetch_at IS NULL) <> (w.fetches = 6))",
                        tenant));
        assertEquals(
                0,
                sql.count(
                        "SELECT COUNT(*) FROM post_metrics_snapshot a JOIN post_metrics_snapshot b ON b.delivery_id ="
                                + " a.delivery_id AND b.fetched_at > a.fetched_at WHERE a.tenant_id = ? AND"
                                + " (b.reactions < a.reactions OR b.comments < a.comments OR b.shares < a.shares"
                                + " OR b.views < a.views)",
                        tenant));
        // Facebook insights (views) from the 24-hour fetch on only.
        assertEquals(
                0,
                sql.count(
                        "SELECT COUNT(*) FROM post_metrics_snapshot s JOIN post_metrics_watch w ON w.delivery_id ="
                                + " s.delivery_id WHERE s.tenant_id = ? AND w.channel_kind = 'FACEBOOK' AND"
                                + " (s.views IS NULL) <> (s.fetched_at < w.published_at + INTERVAL 1439 MINUTE)",
                        tenant));
        // Engagement improves: a day after publication, the last month's posts got more than the first month's.
        List<Object> dayOne = sql.column(
                "SELECT AVG(s.reactions + s.comments + s.shares) FROM post_metrics_snapshot s JOIN post_metrics_watch"
                        + " w ON w.delivery_id = s.delivery_id WHERE s.tenant_id = ? AND s.fetched_at BETWEEN"
                        + " w.published_at + INTERVAL 1 DAY AND w.published_at + INTERVAL 25 HOUR"
                        + " AND w.published_at NOT BETWEEN NOW() - INTERVAL 60 DAY AND NOW() - INTERVAL 30 DAY"
                        + " GROUP BY w.published_at > NOW() - INTERVAL 30 DAY ORDER BY MIN(w.published_at)",
                tenant);
        assertTrue(
                ((BigDecimal) dayOne.get(0)).compareTo((BigDecimal) dayOne.get(1)) < 0,
                "engagement per post grows: " + dayOne);

        // A seeded post shows the provider's ids and the latest metrics of its targets.
        String postId = (String) sql.single(
                "SELECT w.post_id FROM post_metrics_watch w WHERE w.tenant_id = ? AND w.fetches >= 3 AND (SELECT"
                        + " COUNT(*) FROM post_target t WHERE t.post_id = w.post_id) = 2"
                        + " ORDER BY w.published_at DESC, w.post_id LIMIT 1",
                tenant);
        JsonPath post = given().auth()
                .oauth2(bob)
                .get("/api/v1/posts/" + postId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("PUBLISHED", post.getString("status"));
        List<Map<String, Object>> targets = post.getList("targets");
        assertEquals(2, targets.size());
        for (Map<String, Object> target : targets) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) target.get("metrics");
            String latest = (String) sql.single(
                    "SELECT CAST(CONCAT_WS('|', w.provider_post_id, s.reactions, s.comments, s.shares,"
                            + " s.reactions + s.comments + s.shares + COALESCE(s.quotes, 0) + COALESCE(s.bookmarks, 0),"
                            + " COALESCE(s.views, 'null')) AS CHAR) FROM post_metrics_watch w JOIN post_metrics_snapshot"
                            + " s ON s.delivery_id = w.delivery_id WHERE w.post_id = ? AND w.channel_id = ?"
                            + " ORDER BY s.fetched_at DESC LIMIT 1",
                    postId,
                    target.get("channelId"));
            assertEquals(
                    latest,
                    target.get("providerId") + "|" + metrics.get("reactions") + "|" + metrics.get("comments") + "|"
                            + metrics.get("shares") + "|" + metrics.get("engagements") + "|" + metrics.get("views"),
                    target.get("kind") + " metrics of " + postId);
            assertEquals("SENT", target.get("status"));
        }
    }

    /**
     * Seconds (and uncosted seconds) of the sessions on posts per kind of the post's channels, dealt out as the
     * reports deal them: second t of a session to channel t mod k of its k channels (the post's targets in order,
     * then its broadcast's channel; or the channels whose own text the session edited). Every seeded session lies
     * within one local day.
     */
    private Map<String, long[]> publishingByKind(String tenant) {
        Map<String, List<String[]>> channels = new TreeMap<>();
        for (Object row : sql.column(
                "SELECT CAST(CONCAT_WS('|', post_id, channel_id, kind) AS CHAR) FROM (SELECT t.post_id,"
                        + " t.position, c.id AS channel_id, c.kind FROM post_target t JOIN channel c ON c.id ="
                        + " t.channel_id WHERE t.tenant_id = ? UNION ALL SELECT p.id, 2147483647, c.id, c.kind"
                        + " FROM post p JOIN channel c ON c.id = p.audience_channel_id WHERE p.tenant_id = ?) x"
                        + " ORDER BY post_id, position",
                tenant,
                tenant)) {
            String[] f = ((String) row).split("\\|");
            channels.computeIfAbsent(f[0], p -> new ArrayList<>()).add(new String[] {f[1], f[2]});
        }
        Map<String, List<String>> edited = new TreeMap<>();
        for (Object row : sql.column(
                "SELECT CAST(CONCAT_WS('|', work_session_id, channel_id) AS CHAR) FROM work_session_post_edit"
                        + " WHERE tenant_id = ?",
                tenant)) {
            String[] f = ((String) row).split("\\|");
            edited.computeIfAbsent(f[0], p -> new ArrayList<>()).add(f[1]);
        }
        Map<String, long[]> byKind = new TreeMap<>();
        for (Object row : sql.column(
                "SELECT CAST(CONCAT_WS('|', id, post_id, duration_seconds, hourly_cost_minor IS NULL) AS CHAR)"
                        + " FROM work_session WHERE tenant_id = ? AND post_id IS NOT NULL",
                tenant)) {
            String[] f = ((String) row).split("\\|");
            List<String[]> all = channels.get(f[1]);
            List<String[]> dealt = edited.containsKey(f[0])
                    ? all.stream().filter(c -> edited.get(f[0]).contains(c[0])).toList()
                    : all;
            long n = Long.parseLong(f[2]);
            int k = dealt.size();
            for (int i = 0; i < k; i++) {
                long share = n > i ? (n - i + k - 1) / k : 0;
                long[] s = byKind.computeIfAbsent(dealt.get(i)[1], x -> new long[2]);
                s[0] += share;
                s[1] += "1".equals(f[3]) ? share : 0;
            }
        }
        return byKind;
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
                "post",
                "publication",
                "delivery",
                "post_metrics_snapshot",
                "channel_follower_count")) {
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
