package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static io.switchboard.reporting.ReportRows.utc;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The insights, computed by hand: best posting hours and channels whose return got worse. */
@QuarkusTest
class InsightsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    Sql sql;

    @Inject
    Clock clock;

    private final InboxFixture a = new InboxFixture("insights");
    private ReportRows rows;
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));

    /**
     * Posts on X with their latest snapshots (engagements / views), tenant zone Europe/Berlin:
     *
     * <ul>
     *   <li>Monday 09 local: 10/100 = 0.1, 30/200 = 0.15, 1/3 (one of them in July, CEST: 07:15Z); median 0.15;
     *   <li>Tuesday 18 local: 5/50 = 0.1, 20/100 = 0.2, 1/3, 40/100 = 0.4; median (1/5 + 1/3) / 2 = 4/15 =
     *       0.2666… -> 0.266667;
     *   <li>Sunday 23 local (22:30Z on Sunday Jan 11) one post, Monday 00 local two (23:30Z on Sundays): too few for
     *       the default minimum of 3;
     *   <li>left out: a post whose latest snapshot has no views (an earlier one had), and a page post at Monday 09.
     * </ul>
     */
    @Test
    void postingHoursAreRankedByTheMedianEngagementRateOfTheirPosts() {
        zone();
        String x = channel("X", Map.of("userId", suffix, "consumerSecret", "cs", "accessToken", "at"));
        String fb = channel(
                "FACEBOOK",
                Map.of("pageId", "9" + suffix, "appSecret", "as", "verifyToken", "vt", "pageAccessToken", "pt"));
        post(x, "2026-01-05T08:00:00Z", 10, 100);
        post(x, "2026-01-12T08:59:00Z", 30, 200);
        post(x, "2025-07-07T07:15:00Z", 1, 3);
        post(x, "2026-01-06T17:00:00Z", 5, 50);
        post(x, "2026-01-13T17:30:00Z", 20, 100);
        post(x, "2026-01-20T17:59:59Z", 1, 3);
        post(x, "2026-01-27T17:00:00Z", 40, 100);
        post(x, "2026-01-11T22:30:00Z", 9, 10);
        post(x, "2026-01-11T23:30:00Z", 1, 10);
        post(x, "2026-01-18T23:10:00Z", 2, 10);
        String noViews = post(x, "2026-01-05T08:10:00Z", 50, 100);
        snapshot(noViews, x, "2026-01-08T08:10:00Z", 60, null);
        post(fb, "2026-01-05T08:30:00Z", 90, 100);

        JsonPath times = given().auth()
                .oauth2(a.manager)
                .queryParam("channel", x)
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(200)
                .body("kind", equalTo("X"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("minimumPosts", equalTo(3))
                .body("postsConsidered", equalTo(10))
                .extract()
                .jsonPath();
        assertEquals(List.of("1 TUESDAY 18 4 0.266667", "2 MONDAY 9 3 0.150000"), hours(times, "ranked"));
        assertEquals(List.of("null MONDAY 0 2 null", "null SUNDAY 23 1 null"), hours(times, "tooFewPosts"));

        // With a minimum of 2: Monday 00 has 1/10 and 2/10, median 0.15; it ties with Monday 09 and comes after it
        // (fewer posts).
        JsonPath two = given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("channel", x, "minimumPosts", 2))
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of("1 TUESDAY 18 4 0.266667", "2 MONDAY 9 3 0.150000", "3 MONDAY 0 2 0.150000"),
                hours(two, "ranked"));

        given().auth()
                .oauth2(a.manager)
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("channel", x, "minimumPosts", 0))
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("channel", x, "minimumPosts", "many"))
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(new InboxFixture("insights-other").manager)
                .queryParam("channel", x)
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(a.agent)
                .queryParam("channel", x)
                .get("/api/v1/insights/posting-times")
                .then()
                .statusCode(403);
    }

    /**
     * Today's local date D: the recent span is [D-28, D), the previous one [D-56, D-28). Alice costs 1 minor a second.
     * X: previous 3600 s = 3600, 36 engagements (100 each), 2 resolved (1800 each); recent 3600 s = 3600, 24
     * engagements (150: worse), 4 resolved (900: better): flagged. The page: previous 1000 s, no engagement (null);
     * recent 2000 s, 10 engagements (200): not comparable, not flagged.
     */
    @Test
    void channelsWhoseCostPerEngagementGrewAreFlagged() {
        zone();
        String alice = a.operatorId(a.agent);
        String x = channel("X", Map.of("userId", "1" + suffix, "consumerSecret", "cs", "accessToken", "at"));
        String fb = channel(
                "FACEBOOK",
                Map.of("pageId", "8" + suffix, "appSecret", "as", "verifyToken", "vt", "pageAccessToken", "pt"));
        given().auth()
                .oauth2(a.manager)
                .contentType("application/json")
                .body(Map.of(
                        "hourlyCost",
                        Map.of("amountMinor", 3600, "currency", "EUR", "effectiveFrom", "2020-01-01T00:00:00Z")))
                .patch("/api/v1/operators/" + alice)
                .then()
                .statusCode(200);
        LocalDate today = LocalDate.ofInstant(clock.instant(), BERLIN);
        String onX = rows().conversation(x, "2020-01-01T00:00:00Z");
        String onFb = rows().conversation(fb, "2020-01-01T00:00:00Z");
        rows().logWork(onX, at(today.minusDays(40), 10), 3600);
        rows().logWork(onX, at(today.minusDays(10), 10), 3600);
        rows().logWork(onFb, at(today.minusDays(50), 10), 1000);
        rows().logWork(onFb, at(today.minusDays(3), 10), 2000);
        String p1 = watch(x, at(today.minusDays(45), 12));
        snapshot(p1, x, at(today.minusDays(45), 13), 36, 1000L);
        String p2 = watch(x, at(today.minusDays(20), 12));
        snapshot(p2, x, at(today.minusDays(20), 13), 24, 1000L);
        String p3 = watch(fb, at(today.minusDays(5), 12));
        snapshot(p3, fb, at(today.minusDays(5), 13), 10, 1000L);
        for (int i = 0; i < 2; i++) {
            rows().resolution(onX, x, alice, at(today.minusDays(30), 9 + i));
        }
        for (int i = 0; i < 4; i++) {
            rows().resolution(onX, x, alice, at(today.minusDays(1), 9 + i));
        }

        // Resolutions were written around the services: their counts are rebuilt, as after a bulk load.
        RollupRebuild.of(a.tenant);

        JsonPath trends = given().auth()
                .oauth2(a.manager)
                .get("/api/v1/insights/channels")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> t : trends.<Map<String, Object>>getList("channels")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> recent = (Map<String, Object>) t.get("recent");
            @SuppressWarnings("unchecked")
            Map<String, Object> previous = (Map<String, Object>) t.get("previous");
            rows.add(t.get("channelId") + " " + t.get("flagged") + " " + t.get("costPerEngagementWorsened") + " "
                    + t.get("costPerResolvedConversationWorsened") + " | " + span(previous) + " | " + span(recent));
        }
        String d28 = today.minusDays(28).toString();
        String d56 = today.minusDays(56).toString();
        assertEquals(
                List.of(
                        x + " true true false | " + d56 + ".." + d28 + " EUR 3600 36 2 EUR 100 EUR 1800 | " + d28 + ".."
                                + today + " EUR 3600 24 4 EUR 150 EUR 900",
                        fb + " false false false | " + d56 + ".." + d28 + " EUR 1000 0 0 null null | " + d28 + ".."
                                + today + " EUR 2000 10 0 EUR 200 null"),
                rows);
        given().auth().oauth2(a.agent).get("/api/v1/insights/channels").then().statusCode(403);
        given().auth()
                .oauth2(new InboxFixture("insights-none").manager)
                .get("/api/v1/insights/channels")
                .then()
                .statusCode(200)
                .body("channels.size()", equalTo(0));
    }

    private static String span(Map<String, Object> s) {
        return s.get("from") + ".." + s.get("to") + " " + money(s.get("totalCost")) + " " + s.get("engagements") + " "
                + s.get("conversationsResolved") + " " + money(s.get("costPerEngagement")) + " "
                + money(s.get("costPerResolvedConversation"));
    }

    private static String at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(BERLIN).toInstant().toString();
    }

    private void zone() {
        given().auth()
                .oauth2(a.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", "Europe/Berlin"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
    }

    private String channel(String kind, Map<String, String> config) {
        return given().auth()
                .oauth2(a.admin)
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", kind + " " + suffix, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A published post with one snapshot an hour after: {@code engagements} as reactions, and its views. */
    private String post(String channel, String publishedAt, long engagements, long views) {
        String delivery = watch(channel, publishedAt);
        snapshot(delivery, channel, Instant.parse(publishedAt).plusSeconds(3600).toString(), engagements, views);
        return delivery;
    }

    private String watch(String channel, String publishedAt) {
        String delivery = Ids.newId();
        sql.update(
                "INSERT INTO post_metrics_watch (delivery_id, tenant_id, post_id, publication_id, channel_id,"
                        + " channel_kind, provider_post_id, published_at, next_fetch_at)"
                        + " SELECT ?, ?, ?, ?, id, kind, ?, ?, NULL FROM channel WHERE id = ?",
                delivery,
                a.tenant,
                Ids.newId(),
                Ids.newId(),
                "p" + delivery,
                utc(publishedAt),
                channel);
        return delivery;
    }

    private void snapshot(String delivery, String channel, String fetchedAt, long reactions, Long views) {
        sql.update(
                "INSERT INTO post_metrics_snapshot (id, tenant_id, delivery_id, post_id, channel_id, fetched_at,"
                        + " views, reactions, comments, shares, quotes, bookmarks) SELECT ?, ?, delivery_id, post_id,"
                        + " ?, ?, ?, ?, 0, 0, NULL, NULL FROM post_metrics_watch WHERE delivery_id = ?",
                Ids.newId(),
                a.tenant,
                channel,
                utc(fetchedAt),
                views,
                reactions,
                delivery);
    }

    private static List<String> hours(JsonPath json, String list) {
        List<String> hours = new ArrayList<>();
        for (Map<String, Object> h : json.<Map<String, Object>>getList(list)) {
            hours.add(h.get("rank") + " " + h.get("dayOfWeek") + " " + h.get("hour") + " " + h.get("posts") + " "
                    + (h.get("medianEngagementRate") == null
                            ? "null"
                            : new java.math.BigDecimal(
                                            h.get("medianEngagementRate").toString())
                                    .setScale(6)
                                    .toPlainString()));
        }
        return hours;
    }

    @SuppressWarnings("unchecked")
    private static String money(Object value) {
        if (value == null) {
            return "null";
        }
        Map<String, Object> m = (Map<String, Object>) value;
        return m.get("currency") + " " + m.get("amountMinor");
    }

    private ReportRows rows() {
        if (rows == null) {
            rows = new ReportRows(sql, a);
        }
        return rows;
    }
}
