package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-channel first-response targets and business hours, by hand: a Berlin tenant open Monday to Friday 09:00-17:00
 * (CET, UTC+1, in late 2026), a "Shop" API channel with its own 1 h target and a "Desk" API channel on the kind's
 * 1 min. The response-time report, the inbox's replyDueAt and the overview all hold times to the same rule.
 */
@QuarkusTest
class BusinessHoursTargetsTest {

    @Inject
    Sql sql;

    private final InboxFixture f = new InboxFixture("bizhours");

    @Test
    void theReportCountsBusinessTimeAgainstEachChannelsTarget() {
        setZone("Europe/Berlin");
        officeHours();
        String shop = f.channel("Shop");
        String desk = f.channel("Desk");
        target(shop, 3600);
        String onShop = f.send(shop, "s-1", "u-1", "Ann", "Hello shop");
        String onDesk = f.send(desk, "d-1", "u-2", "Ben", "Hello desk");
        String alice = f.operatorId(f.agent);

        // Friday 2026-12-04 18:30 to Monday 09:45 (Berlin): 63 h 15 min, of which 45 min open. Within 1 h.
        fact("FIRST_RESPONSE", onShop, shop, alice, "2026-12-04T17:30:00Z", "2026-12-07T08:45:00Z");
        // Monday 08:00 to 10:30: 1 h 30 min open. Past 1 h.
        fact("FIRST_RESPONSE", onShop, shop, alice, "2026-12-07T07:00:00Z", "2026-12-07T09:30:00Z");
        // Sunday 23:00 to Monday 09:00:30: 30 s open. Within 1 min.
        fact("FIRST_RESPONSE", onDesk, desk, alice, "2026-12-06T22:00:00Z", "2026-12-07T08:00:30Z");
        // Monday 16:59 to 17:05: 60 s open, on the target. Within.
        fact("FIRST_RESPONSE", onDesk, desk, alice, "2026-12-07T15:59:00Z", "2026-12-07T16:05:00Z");
        // Monday 12:00 to 12:02: 120 s. Past.
        fact("FIRST_RESPONSE", onDesk, desk, alice, "2026-12-07T11:00:00Z", "2026-12-07T11:02:00Z");
        // Resolved Friday 16:00 to Monday 10:00: 1 h on Friday, 1 h on Monday; resolution has no target.
        fact("RESOLUTION", onShop, shop, alice, "2026-12-04T15:00:00Z", "2026-12-07T09:00:00Z");
        RollupRebuild.of(f.tenant);

        JsonPath report = responseTimes();
        // The kind: 30, 60, 120, 2700, 5400 s; median rank 3 = 120, p90 rank 5 = 5400, mean 8310 / 5 = 1662.0;
        // each fact against its own channel's target: 2700 <= 3600, 30 and 60 <= 60, so 3 of 5.
        Map<String, Object> kind = row(report, "CHANNEL_KIND", "API", "FIRST_RESPONSE");
        assertEquals(5, kind.get("count"));
        assertEquals(120, kind.get("medianSeconds"));
        assertEquals(5400, kind.get("p90Seconds"));
        assertEquals(1662.0f, kind.get("meanSeconds"));
        assertEquals(60, kind.get("targetSeconds"), "the kind's default");
        assertEquals(3, kind.get("metTarget"));
        assertEquals(0.6f, kind.get("metTargetShare"));
        assertEquals(List.of(2, 1, 0, 1, 1, 0, 0, 0, 0), distribution(kind));

        Map<String, Object> shopRow = row(report, "CHANNEL", shop, "FIRST_RESPONSE");
        assertEquals(List.of(2, 2700, 5400, 4050.0f, 3600, 1, 0.5f), figures(shopRow));
        assertEquals(
                "/api/v1/reports/conversations?measure=FIRST_RESPONSE&from=2026-12-07&to=2026-12-08&channel=" + shop,
                shopRow.get("drillDown"));
        Map<String, Object> deskRow = row(report, "CHANNEL", desk, "FIRST_RESPONSE");
        assertEquals(List.of(3, 60, 120, 70.0f, 60, 2, 0.6667f), figures(deskRow));

        Map<String, Object> resolution = row(report, "CHANNEL", shop, "RESOLUTION");
        assertEquals(7200, resolution.get("medianSeconds"));
        assertNull(resolution.get("targetSeconds"));
        assertNull(resolution.get("metTarget"));
        assertEquals(
                List.of("CHANNEL_KIND", "CHANNEL_KIND", "CHANNEL", "CHANNEL", "CHANNEL", "OPERATOR", "OPERATOR"),
                report.getList("rows.dimension"));

        // Always open again: the times as measured. Shop 227700 and 9000 s, Desk 36030, 360 and 120 s: none within.
        given().auth()
                .oauth2(f.admin)
                .delete("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(204);
        report = responseTimes();
        kind = row(report, "CHANNEL_KIND", "API", "FIRST_RESPONSE");
        assertEquals(List.of(5, 9000, 227700, 54642.0f, 60, 0, 0.0f), figures(kind));
        assertEquals(
                List.of(2, 9000, 227700, 118350.0f, 3600, 0, 0.0f),
                figures(row(report, "CHANNEL", shop, "FIRST_RESPONSE")));
        assertEquals(
                237600,
                row(report, "CHANNEL", shop, "RESOLUTION").get("medianSeconds"),
                "Friday 16:00 to Monday 10:00 is 66 h as measured");

        // The shop back on the kind's minute.
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body("{\"firstResponseTargetSeconds\": null}")
                .patch("/api/v1/channels/" + shop)
                .then()
                .statusCode(200);
        assertEquals(60, row(responseTimes(), "CHANNEL", shop, "FIRST_RESPONSE").get("targetSeconds"));
    }

    @Test
    void theInboxAndTheOverviewAreDueAfterTheTargetInBusinessTime() {
        setZone("Europe/Berlin");
        officeHours();
        String shop = f.channel("Shop");
        String desk = f.channel("Desk");
        target(shop, 3600);
        // Friday 2026-11-27 18:30 Berlin: the shop's hour runs from Monday 09:00, due 10:00 (09:00Z).
        String friday = f.send(shop, "s-1", "u-1", "Ann", "Hello shop");
        received(friday, "2026-11-27T17:30:00Z");
        // Saturday 2026-11-28 11:00 Berlin on the desk: due Monday 09:01.
        String saturday = f.send(desk, "d-1", "u-2", "Ben", "Hello desk");
        received(saturday, "2026-11-28T10:00:00Z");
        // Monday 2026-11-30 16:30 on the shop: 30 min that day, 30 min on Tuesday, due 09:30.
        String monday = f.send(shop, "s-2", "u-3", "Cy", "Still there?");
        received(monday, "2026-11-30T15:30:00Z");

        f.conversation(f.agent, friday).body("replyDueAt", equalTo("2026-11-30T09:00:00Z"));
        f.conversation(f.agent, saturday).body("replyDueAt", equalTo("2026-11-30T08:01:00Z"));
        f.conversation(f.agent, monday).body("replyDueAt", equalTo("2026-12-01T08:30:00Z"));
        assertEquals(
                Map.of(
                        friday,
                        "2026-11-30T09:00:00Z",
                        saturday,
                        "2026-11-30T08:01:00Z",
                        monday,
                        "2026-12-01T08:30:00Z"),
                dueInList());

        JsonPath overview = overview();
        assertEquals(3600, overview.getInt("channels.find { it.channelId == '" + shop + "' }.targetSeconds"));
        assertEquals(60, overview.getInt("channels.find { it.channelId == '" + desk + "' }.targetSeconds"));
        assertEquals(List.of(3600, 60, 3600), overview.getList("longestWaiting.targetSeconds"));

        // Always open: the target after the message itself.
        given().auth()
                .oauth2(f.admin)
                .delete("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(204);
        f.conversation(f.agent, friday).body("replyDueAt", equalTo("2026-11-27T18:30:00Z"));
        f.conversation(f.agent, saturday).body("replyDueAt", equalTo("2026-11-28T10:01:00Z"));
    }

    @Test
    void theOverviewCountsAWaitPastTheTargetOnlyInBusinessTime() {
        // Open only on the weekday three days from now (UTC): a message ten minutes old has had no business time.
        LocalDate open = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        String day = open.getDayOfWeek().name().toLowerCase(Locale.ROOT);
        hours("{\"" + day + "\": [{\"open\": \"09:00\", \"close\": \"17:00\"}]}");
        String desk = f.channel("Desk");
        String waiting = f.send(desk, "d-1", "u-1", "Ann", "Hello?");
        sql.update(
                "UPDATE message SET received_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE,"
                        + " created_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE WHERE conversation_id = ?",
                waiting);

        JsonPath overview = overview();
        assertEquals(0, overview.getInt("channels.find { it.channelId == '" + desk + "' }.pastTarget"));
        assertEquals(List.of(false), overview.getList("longestWaiting.pastTarget"));
        f.conversation(f.agent, waiting)
                .body(
                        "replyDueAt",
                        equalTo(open.atTime(9, 1).toInstant(ZoneOffset.UTC).toString()));

        given().auth()
                .oauth2(f.admin)
                .delete("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(204);
        overview = overview();
        assertEquals(1, overview.getInt("channels.find { it.channelId == '" + desk + "' }.pastTarget"));
        assertEquals(List.of(true), overview.getList("longestWaiting.pastTarget"));
    }

    private void officeHours() {
        String weekday = "[{\"open\": \"09:00\", \"close\": \"17:00\"}]";
        hours("{\"monday\": " + weekday + ", \"tuesday\": " + weekday + ", \"wednesday\": " + weekday
                + ", \"thursday\": " + weekday + ", \"friday\": " + weekday + "}");
    }

    private void hours(String week) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(week)
                .put("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(200);
    }

    private void setZone(String zone) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", zone))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
    }

    private void target(String channel, int seconds) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("firstResponseTargetSeconds", seconds))
                .patch("/api/v1/channels/" + channel)
                .then()
                .statusCode(200);
    }

    private void received(String conversation, String at) {
        sql.update(
                "UPDATE message SET received_at = ?, created_at = ? WHERE conversation_id = ?",
                utc(at),
                utc(at),
                conversation);
    }

    private void fact(String kind, String conversation, String channel, String operator, String start, String end) {
        new ReportRows(sql, f).fact(kind, conversation, channel, operator, start, end);
    }

    private static LocalDateTime utc(String instant) {
        return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    private JsonPath responseTimes() {
        return given().auth()
                .oauth2(f.manager)
                .queryParams(Map.of("from", "2026-12-07", "to", "2026-12-08"))
                .get("/api/v1/reports/response-times")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private JsonPath overview() {
        return given().auth()
                .oauth2(f.manager)
                .get("/api/v1/overview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Map<String, String> dueInList() {
        List<Map<String, Object>> items = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        Map<String, String> due = new HashMap<>();
        items.forEach(i -> due.put((String) i.get("id"), (String) i.get("replyDueAt")));
        return due;
    }

    private static Map<String, Object> row(JsonPath report, String dimension, String key, String measure) {
        return report.getMap("rows.find { it.dimension == '" + dimension + "' && it.key == '" + key
                + "' && it.measure == '" + measure + "' }");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> distribution(Map<String, Object> row) {
        return ((List<Map<String, Object>>) row.get("distribution"))
                .stream().map(b -> b.get("count")).toList();
    }

    /** count, median, p90, mean, target, met, share. */
    private static List<Object> figures(Map<String, Object> row) {
        return java.util.Arrays.asList(
                row.get("count"),
                row.get("medianSeconds"),
                row.get("p90Seconds"),
                row.get("meanSeconds"),
                row.get("targetSeconds"),
                row.get("metTarget"),
                row.get("metTargetShare"));
    }
}
