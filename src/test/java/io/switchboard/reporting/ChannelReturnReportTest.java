package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static io.switchboard.reporting.ReportRows.utc;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The channel-return report on a dataset computed by hand: tenant zone Europe/Berlin (CET until 2026-03-29 01:00Z,
 * then CEST), an X account and a Facebook page, a session across local midnight, a rate change before it, posts
 * with metrics snapshots at several ages (one fetched after the range's end, one post published before the range),
 * and daily follower counts.
 *
 * <p>Local days: Mar 29 = [2026-03-28T23:00Z, 2026-03-29T22:00Z), Mar 30 = [2026-03-29T22:00Z, 2026-03-30T22:00Z);
 * the range [Mar 29, Mar 31) ends at 2026-03-30T22:00Z.
 */
@QuarkusTest
class ChannelReturnReportTest {

    @Inject
    Sql sql;

    private final InboxFixture a = new InboxFixture("return");
    private ReportRows rows;
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));

    @Test
    void everyFigureAndRatioIsExactByHand() {
        given().auth()
                .oauth2(a.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", "Europe/Berlin"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
        String alice = a.operatorId(a.agent);
        String x = channel("X", Map.of("userId", suffix, "consumerSecret", "cs", "accessToken", "at"));
        String fb = channel(
                "FACEBOOK",
                Map.of("pageId", "9" + suffix, "appSecret", "as", "verifyToken", "vt", "pageAccessToken", "pt"));
        String onX = rows().conversation(x, "2026-03-01T00:00:00Z");
        String onFb = rows().conversation(fb, "2026-03-01T00:00:00Z");

        // 3600 minor/h (1 a second) from January, 7200 (2 a second) from Mar 29 12:00Z.
        rows().setRate(alice, 3600, "2026-01-01T00:00:00Z");
        rows().setRate(alice, 7200, "2026-03-29T12:00:00Z");
        // X: 21:30Z-22:30Z on Mar 29 = 23:30-00:30 local: 1800 s on Mar 29 and 1800 s on Mar 30, 2 a second = 3600
        // minor on each day. FACEBOOK: 08:00Z, 1800 s at 1 a second = 1800 minor on Mar 29.
        rows().logWork(onX, "2026-03-29T21:30:00Z", 3600);
        rows().logWork(onFb, "2026-03-29T08:00:00Z", 1800);
        // Inbound on X: two on Mar 29, one at 22:30Z = 00:30 local on Mar 30. Resolved on X on Mar 30.
        rows().message(onX, x, "2026-03-29T09:00:00Z");
        rows().message(onX, x, "2026-03-29T09:05:00Z");
        rows().message(onX, x, "2026-03-29T22:30:00Z");
        rows().resolution(onX, x, alice, "2026-03-30T08:00:00Z");
        // Messages and the resolution were written around the services: their counts are rebuilt, as after a bulk load.
        RollupRebuild.of(a.tenant);

        // X post of Mar 29 (12:00 local): snapshots at 1 h, at 24 h (the latest before the range's end), and after it.
        String p1 = watch(x, "X", "2026-03-29T10:00:00Z");
        snapshot(p1, x, "2026-03-29T11:00:00Z", 100L, 5, 0, 0, 0L, 0L);
        snapshot(p1, x, "2026-03-30T10:00:00Z", 1000L, 40, 6, 9, 2L, 5L);
        snapshot(p1, x, "2026-04-01T10:00:00Z", 5000L, 90, 10, 20, 4L, 8L);
        // Page post at 22:30Z on Mar 29 = 00:30 local on Mar 30: its 6-hour snapshot (no views yet) counts; the
        // 24-hour one was fetched after the range's end.
        String p2 = watch(fb, "FACEBOOK", "2026-03-29T22:30:00Z");
        snapshot(p2, fb, "2026-03-30T04:30:00Z", null, 7, 1, 0, null, null);
        snapshot(p2, fb, "2026-03-30T22:30:00Z", 400L, 12, 4, 3, null, null);
        // An X post of Mar 28 (local): outside the range.
        String p3 = watch(x, "X", "2026-03-28T21:00:00Z");
        snapshot(p3, x, "2026-03-29T09:00:00Z", 777L, 77, 7, 7, 7L, 7L);

        followers(x, "2026-03-28T23:00:00Z", 800);
        followers(x, "2026-03-29T23:00:00Z", 830);
        followers(x, "2026-03-30T23:00:00Z", 900);
        followers(fb, "2026-03-29T06:00:00Z", 5000);
        followers(fb, "2026-03-30T06:00:00Z", 5025);

        JsonPath report = given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-31", "groupBy", "day"))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // period|channel|kind|seconds|cost|posts|views|reactions|comments|shares|quotes|bookmarks|engagements|
        // followers start>end (change)|in|resolved|per 1000 views|per engagement|per new follower|per resolved
        assertEquals(
                List.of(
                        // Mar 29 page: 1800 s = EUR 1800; no post; followers unknown at the start (first count
                        // fetched 06:00Z Mar 29), 5000 at the end; every ratio null (zero denominators).
                        "2026-03-29|" + fb + "|FACEBOOK|1800|EUR 1800|0|0|0|0|0|0|0|0|null>5000 (null)|0|0"
                                + "|null|null|null|null",
                        // Mar 29 X: 1800 s = EUR 3600; the post with its 24-hour snapshot: 40+6+9+2+5 = 62
                        // engagements; followers 800 (fetched 23:00Z Mar 28, the period's first instant) > 800;
                        // per 1,000 views 3600 x 1000 / 1000 = 3600; per engagement 3600 / 62 = 58.06 -> 58; no new
                        // follower, nothing resolved: null.
                        "2026-03-29|" + x + "|X|1800|EUR 3600|1|1000|40|6|9|2|5|62|800>800 (0)|2|0"
                                + "|EUR 3600|EUR 58|null|null",
                        // Mar 30 page: no cost (ratios null); the post of 00:30 local, 6-hour snapshot: no views,
                        // 7+1+0 = 8 engagements; followers 5000 > 5025 (+25).
                        "2026-03-30|" + fb + "|FACEBOOK|0|null|1|0|7|1|0|0|0|8|5000>5025 (25)|0|0"
                                + "|null|null|null|null",
                        // Mar 30 X: 1800 s = EUR 3600; no post (views 0: null ratios); followers 800 > 830 (fetched
                        // 23:00Z Mar 29 = 01:00 local Mar 30): per new follower 3600 / 30 = 120; one resolved: 3600.
                        "2026-03-30|" + x + "|X|1800|EUR 3600|0|0|0|0|0|0|0|0|800>830 (30)|1|1"
                                + "|null|null|EUR 120|EUR 3600"),
                rows(report));

        String csv = given().auth()
                .oauth2(a.manager)
                .accept("text/csv")
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-31", "kind", "X"))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertEquals(3, lines.length, csv);
        // The figures, the drill-down link, then the publishing and total cost and the broadcast columns.
        assertEquals(
                "2026-03-29," + x + ",X,1800,3600,EUR,EUR 3600,0,1,1000,40,6,9,2,5,62,800,800,0,2,0,3600,58,,",
                lines[1].substring(0, lines[1].indexOf(",/api/")));
        String after = lines[1].substring(lines[1].lastIndexOf("kind=X&work=CONVERSATIONS") + 25);
        assertEquals(",0,,,,1800,3600,EUR,EUR 3600,0,0", after.substring(0, after.lastIndexOf(",/api/")));
        // Last, the publishing sessions counted on the channel.
        assertTrue(
                after.substring(after.lastIndexOf(",/api/") + 1)
                        .matches("/api/v1/work-sessions\\?status=ENDED&overlapping=true&from=[^&]+&to=[^&]+"
                                + "&work=PUBLISHING&postChannel=" + x),
                after);

        // Weekly, X only: the range is widened to whole ISO weeks, Mar 23 to Apr 6 local (ends 2026-04-05T22:00Z).
        JsonPath week = given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-31", "groupBy", "week", "channel", x))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // Week of Mar 23: both X posts now (Mar 28 local is inside), each with its latest snapshot before the widened
        // end: P1's of Apr 1 (5000 views, 90+10+20+4+8) and P3's (777 views, 77+7+7+7+7): 2 posts, 5777 views,
        // 167 reactions, 17 comments, 27 shares, 11 quotes, 15 bookmarks, 237 engagements; per 1,000 views
        // 3600 x 1000 / 5777 = 623.16 -> 623; per engagement 3600 / 237 = 15.19 -> 15. No count at or before
        // Mar 22 23:00Z: start unknown. Week of Mar 30: followers 800 (latest at or before Mar 29 22:00Z) > 900
        // (fetched Mar 30 23:00Z, before the week's end): +100, 3600 / 100 = 36 per new follower.
        assertEquals(
                List.of(
                        "2026-03-23|" + x + "|X|1800|EUR 3600|2|5777|167|17|27|11|15|237|null>800 (null)|2|0"
                                + "|EUR 623|EUR 15|null|null",
                        "2026-03-30|" + x + "|X|1800|EUR 3600|0|0|0|0|0|0|0|0|800>900 (100)|1|1"
                                + "|null|null|EUR 36|EUR 3600"),
                rows(week));

        given().auth()
                .oauth2(a.agent)
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-31"))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(new InboxFixture("return-other").manager)
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-31"))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .body("rows.size()", equalTo(0));
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

    /** A published target, as the engagement package follows it. */
    private String watch(String channel, String kind, String publishedAt) {
        String delivery = Ids.newId();
        sql.update(
                "INSERT INTO post_metrics_watch (delivery_id, tenant_id, post_id, publication_id, channel_id,"
                        + " channel_kind, provider_post_id, published_at, next_fetch_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                delivery,
                a.tenant,
                Ids.newId(),
                Ids.newId(),
                channel,
                kind,
                "p" + delivery,
                utc(publishedAt));
        return delivery;
    }

    private void snapshot(
            String delivery,
            String channel,
            String fetchedAt,
            Long views,
            long reactions,
            long comments,
            long shares,
            Long quotes,
            Long bookmarks) {
        sql.update(
                "INSERT INTO post_metrics_snapshot (id, tenant_id, delivery_id, post_id, channel_id, fetched_at,"
                        + " views, reactions, comments, shares, quotes, bookmarks) SELECT ?, ?, delivery_id, post_id,"
                        + " ?, ?, ?, ?, ?, ?, ?, ? FROM post_metrics_watch WHERE delivery_id = ?",
                Ids.newId(),
                a.tenant,
                channel,
                utc(fetchedAt),
                views,
                reactions,
                comments,
                shares,
                quotes,
                bookmarks,
                delivery);
    }

    private void followers(String channel, String fetchedAt, long followers) {
        sql.update(
                "INSERT INTO channel_follower_count (channel_id, day, tenant_id, followers, fetched_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                channel,
                utc(fetchedAt).toLocalDate(),
                a.tenant,
                followers,
                utc(fetchedAt));
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows(JsonPath report) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : report.getList("rows", Map.class)) {
            rows.add(r.get("period") + "|" + r.get("channelId") + "|" + r.get("kind") + "|" + r.get("handlingSeconds")
                    + "|" + money(r.get("cost")) + "|" + r.get("postsPublished") + "|" + r.get("views") + "|"
                    + r.get("reactions") + "|" + r.get("comments") + "|" + r.get("shares") + "|" + r.get("quotes")
                    + "|" + r.get("bookmarks") + "|" + r.get("engagements") + "|" + r.get("followersStart") + ">"
                    + r.get("followersEnd") + " (" + r.get("followersChange") + ")|" + r.get("messagesIn") + "|"
                    + r.get("conversationsResolved") + "|" + money(r.get("costPerThousandViews")) + "|"
                    + money(r.get("costPerEngagement")) + "|" + money(r.get("costPerNewFollower")) + "|"
                    + money(r.get("costPerResolvedConversation")));
        }
        return rows;
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
