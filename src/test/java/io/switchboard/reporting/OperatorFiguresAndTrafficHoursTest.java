package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The figures of the operator workload page (and the response-time distribution) (resolutions, first-response and per-conversation handling times) and
 * the hour-of-week traffic of the volume page, on hand-computed datasets in zones with a daylight saving change
 * (Europe/Berlin, clocks forward at 01:00Z on 2026-03-29) and a quarter-hour offset (Asia/Kathmandu, +05:45).
 */
@QuarkusTest
class OperatorFiguresAndTrafficHoursTest {

    @Inject
    Sql sql;

    @Test
    void anOperatorsWorkloadGivesResolutionsFirstResponsesAndHandlingPerConversation() {
        InboxFixture f = new InboxFixture("opfigures");
        setZone(f, "Europe/Berlin");
        String alice = f.operatorId(f.agent);
        String mona = f.operatorId(f.manager);
        String channel = f.channel("Support API");
        String first = f.send(channel, "m-1", "cust-1", "Customer One", "Hello");
        String second = f.send(channel, "m-2", "cust-2", "Customer Two", "Hi");

        // Mar 30 in Berlin (CEST) is [03-29T22:00Z, 03-30T22:00Z). alice: 600 + 300 s on the first conversation,
        // 120 s on the second, a 60 s phone call on none; a session on Mar 31 does not count.
        logWork(f.agent, first, "2026-03-30T08:00:00Z", 600);
        logWork(f.agent, first, "2026-03-30T09:00:00Z", 300);
        logWork(f.agent, second, "2026-03-30T10:00:00Z", 120);
        logWork(f.agent, null, "2026-03-30T11:00:00Z", 60);
        logWork(f.agent, second, "2026-03-30T22:10:00Z", 3000);
        fact(f, "FIRST_RESPONSE", first, channel, alice, "2026-03-30T09:30:00Z", 30);
        fact(f, "FIRST_RESPONSE", second, channel, alice, "2026-03-30T09:31:00Z", 90);
        fact(f, "FIRST_RESPONSE", first, channel, alice, "2026-03-30T09:32:00Z", 45);
        fact(f, "FIRST_RESPONSE", second, channel, alice, "2026-03-30T22:30:00Z", 5); // Mar 31 local
        fact(f, "FIRST_RESPONSE", second, channel, mona, "2026-03-30T09:33:00Z", 10);
        fact(f, "REPLY", first, channel, alice, "2026-03-30T10:05:00Z", 120);
        fact(f, "RESOLUTION", first, channel, alice, "2026-03-30T12:00:00Z", 3600);
        fact(f, "RESOLUTION", second, channel, alice, "2026-03-30T13:00:00Z", 7200);
        fact(f, "RESOLUTION", second, channel, mona, "2026-03-30T14:00:00Z", 60);
        // The facts were written around the services: their counts are rebuilt, as after a bulk load.
        RollupRebuild.of(f.tenant);

        Map<String, String> day = Map.of("from", "2026-03-30", "to", "2026-03-31");
        JsonPath manager = report(f.manager, "operator-workload", day);
        Map<String, Object> row = manager.getMap("rows.find { it.operatorId == '" + alice + "' }");
        assertEquals(1080, row.get("handlingSeconds"));
        assertEquals(4, row.get("sessions"));
        assertEquals(2, row.get("conversations"));
        assertEquals(2, row.get("conversationsResolved"));
        assertEquals(1, row.get("replies"));
        // First responses 30, 90, 45: mean 55.0, nearest-rank median 45 (mona's 10 s and Mar 31's 5 s are not hers).
        assertEquals(Map.of("count", 3, "meanSeconds", 55.0f, "medianSeconds", 45), row.get("firstResponse"));
        // Her seconds per conversation: 900 and 120 (the phone call has none): mean 510.0, median (rank 1 of 2) 120.
        assertEquals(
                Map.of("count", 2, "meanSeconds", 510.0f, "medianSeconds", 120), row.get("handlingPerConversation"));
        Map<String, Object> monas = manager.getMap("rows.find { it.operatorId == '" + mona + "' }");
        assertEquals(1, monas.get("conversationsResolved"));
        assertEquals(0, monas.get("conversations"));
        @SuppressWarnings("unchecked")
        Map<String, Object> none = (Map<String, Object>) monas.get("handlingPerConversation");
        assertEquals(0, none.get("count"));
        assertNull(none.get("meanSeconds"));
        assertNull(none.get("medianSeconds"));

        // The response-times distribution of the API kind that day: first responses 10, 30, 45, 90 s; resolutions 60 s,
        // 1 h (on its bound) and 2 h.
        JsonPath times = report(f.manager, "response-times", day);
        assertEquals(
                List.of(3, 1, 0, 0, 0, 0, 0, 0, 0),
                times.getList("rows.find { it.dimension == 'CHANNEL_KIND' && it.measure == 'FIRST_RESPONSE' }"
                        + ".distribution.count"));
        assertEquals(
                List.of(1, 0, 0, 1, 1, 0, 0, 0, 0),
                times.getList("rows.find { it.dimension == 'CHANNEL_KIND' && it.measure == 'RESOLUTION' }"
                        + ".distribution.count"));
        assertEquals(
                java.util.Arrays.asList(60, 300, 900, 3600, 14400, 86400, 259200, 604800, null),
                times.getList("rows[0].distribution.upToSeconds"));

        // The agent reads the same figures of her own, and only hers.
        JsonPath own = report(f.agent, "operator-workload", day);
        assertEquals(List.of(alice), own.getList("rows.operatorId"));
        assertEquals(row, own.getMap("rows[0]"));
        given().auth()
                .oauth2(f.agent)
                .queryParams(day)
                .queryParam("operator", mona)
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(403);

        String csv = given().auth()
                .oauth2(f.manager)
                .accept("text/csv")
                .queryParams(day)
                .queryParam("operator", alice)
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertEquals(
                "period,operatorId,operatorName,handlingSeconds,sessions,conversations,conversationsResolved,replies,"
                        + "firstResponseCount,firstResponseMeanSeconds,firstResponseMedianSeconds,"
                        + "handlingMeanSecondsPerConversation,handlingMedianSecondsPerConversation,availableSeconds,"
                        + "utilisation,costAmountMinor,costCurrency,costs,uncostedSeconds,drillDownWorkSessions",
                lines[0]);
        assertEquals(2, lines.length);
        String[] cells = lines[1].split(",");
        assertEquals(
                List.of("1080", "4", "2", "2", "1", "3", "55.0", "45", "510.0", "120"),
                List.of(cells).subList(3, 13));
    }

    @Test
    void inboundTrafficFallsOnTheLocalHourOfTheWeekItWasWritten() {
        InboxFixture f = new InboxFixture("traffichours");
        setZone(f, "Europe/Berlin");
        String channel = f.channel("Support API");
        String other = f.channel("Partner API");
        String conversation = f.send(channel, "m-1", "cust-1", "Customer", "Hello");
        String partner = f.send(other, "p-1", "partner-1", "Partner", "Hello");
        // The fixture's messages are today's; these are written as ingest would have on the day.
        sql.update("DELETE FROM message WHERE conversation_id IN (?, ?)", conversation, partner);

        message(f, conversation, channel, "INBOUND", "2026-03-27T22:59:00Z"); // Fri 23:59 CET (Sat 04:44 in Kathmandu)
        message(f, conversation, channel, "INBOUND", "2026-03-28T23:30:00Z"); // Sun 00:30 CET
        message(f, conversation, channel, "INBOUND", "2026-03-29T00:59:00Z"); // Sun 01:59 CET
        message(f, conversation, channel, "INBOUND", "2026-03-29T01:00:00Z"); // Sun 03:00 CEST: 02:00 was skipped
        message(f, conversation, channel, "INBOUND", "2026-03-29T01:15:00Z"); // Sun 03:15 CEST
        message(f, conversation, channel, "INBOUND", "2026-03-30T07:45:00Z"); // Mon 09:45 CEST
        message(f, conversation, channel, "INBOUND", "2026-03-30T08:10:00Z"); // Mon 10:10 CEST
        message(f, conversation, channel, "OUTBOUND", "2026-03-30T07:50:00Z"); // a reply: not traffic in
        message(f, partner, other, "INBOUND", "2026-03-30T09:10:00Z"); // Mon 11:10 CEST, the other channel
        message(f, conversation, channel, "INBOUND", "2026-03-31T22:00:00Z"); // Wed Apr 1 00:00: after the range
        RollupRebuild.of(f.tenant);
        InboxFixture stranger = new InboxFixture("traffichoursother");
        String theirs = stranger.channel("Their API");
        stranger.send(theirs, "x-1", "them", "Them", "Not yours");

        Map<String, String> range = Map.of("from", "2026-03-28", "to", "2026-04-01");
        JsonPath berlin = report(f.manager, "traffic-hours", range);
        assertEquals("Europe/Berlin", berlin.getString("timeZone"));
        assertEquals("2026-03-28", berlin.getString("from"));
        assertEquals("2026-04-01", berlin.getString("to"));
        assertEquals(168, berlin.getList("rows").size());
        assertEquals(Map.of("dayOfWeek", 1, "hour", 0, "messagesIn", 0), berlin.getMap("rows[0]"));
        assertEquals(Map.of("7-0", 1L, "7-1", 1L, "7-3", 2L, "1-9", 1L, "1-10", 1L, "1-11", 1L), nonZero(berlin));
        // The same rule as the volume report's messagesIn: the same total over the same range.
        long volumeIn = report(f.manager, "volume", range).getList("rows.messagesIn", Integer.class).stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertEquals(7, volumeIn);

        Map<String, String> oneChannel = new HashMap<>(range);
        oneChannel.put("channel", channel);
        assertEquals(
                Map.of("7-0", 1L, "7-1", 1L, "7-3", 2L, "1-9", 1L, "1-10", 1L),
                nonZero(report(f.manager, "traffic-hours", oneChannel)));
        Map<String, String> phone = new HashMap<>(range);
        phone.put("kind", "PHONE");
        assertEquals(Map.of(), nonZero(report(f.manager, "traffic-hours", phone)));

        // +05:45: [03-27T18:15Z, 03-31T18:15Z); 00:59Z and 01:00Z are both 06:4x, 01:15Z is 07:00.
        setZone(f, "Asia/Kathmandu");
        assertEquals(
                Map.of("6-4", 1L, "7-5", 1L, "7-6", 2L, "7-7", 1L, "1-13", 2L, "1-14", 1L),
                nonZero(report(f.manager, "traffic-hours", range)));

        String csv = given().auth()
                .oauth2(f.manager)
                .accept("text/csv")
                .queryParams(range)
                .get("/api/v1/reports/traffic-hours")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertEquals(169, lines.length);
        assertEquals("dayOfWeek,hour,messagesIn", lines[0]);
        assertEquals("1,13,2", lines[14]);

        given().auth()
                .oauth2(f.agent)
                .queryParams(range)
                .get("/api/v1/reports/traffic-hours")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(f.manager)
                .queryParams(Map.of("from", "2026-04-01", "to", "2026-03-28"))
                .get("/api/v1/reports/traffic-hours")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("to"));
    }

    private static Map<String, Long> nonZero(JsonPath report) {
        Map<String, Long> cells = new TreeMap<>();
        for (Map<?, ?> r : report.getList("rows", Map.class)) {
            long n = ((Number) r.get("messagesIn")).longValue();
            if (n != 0) {
                cells.put(r.get("dayOfWeek") + "-" + r.get("hour"), n);
            }
        }
        return cells;
    }

    private void message(InboxFixture f, String conversation, String channel, String direction, String at) {
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, delivery_status,"
                        + " created_at, received_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?)",
                Ids.newId(),
                f.tenant,
                conversation,
                channel,
                direction,
                "OUTBOUND".equals(direction) ? "SENT" : null,
                utc(at),
                utc(at));
    }

    private void fact(
            InboxFixture f,
            String kind,
            String conversation,
            String channel,
            String operator,
            String endedAt,
            long seconds) {
        String start = Instant.parse(endedAt).minusSeconds(seconds).toString();
        new ReportRows(sql, f).fact(kind, conversation, channel, operator, start, endedAt);
    }

    private static LocalDateTime utc(String instant) {
        return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static void logWork(String token, String conversationId, String startedAt, int seconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("channelKind", conversationId == null ? "PHONE" : "API");
        body.put("startedAt", startedAt);
        body.put("durationSeconds", seconds);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201);
    }

    private static void setZone(InboxFixture f, String zone) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", zone))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
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
