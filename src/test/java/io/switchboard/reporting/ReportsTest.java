package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.reporting.rollups.SessionSeconds;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import io.switchboard.workload.HandlingTimeRecorder;
import io.switchboard.workload.IdleSessionCloser;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Report figures on a hand-computed dataset: tenant zone Europe/Berlin (DST starts 2026-03-29, ends 2026-10-25),
 * sessions across local midnight, a rate change inside the period, manual PHONE entries (logged, edited, deleted),
 * two currencies, and a second tenant on UTC. Every expected figure is worked out in the comments.
 */
@QuarkusTest
class ReportsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    HandlingTimeRecorder recorder;

    @Inject
    IdleSessionCloser closer;

    @Inject
    Sql sql;

    private InboxFixture a;
    private String alice;
    private String mona;
    private String channel;
    private String conversation;

    @Test
    void channelCostsOperatorWorkloadResponseTimesAndVolumeAreExact() {
        buildDataset();

        // Local days in Berlin: Mar 28 = [03-27T23:00Z, 03-28T23:00Z), Mar 29 (23 h) = [03-28T23:00Z, 03-29T22:00Z),
        // Mar 30 = [03-29T22:00Z, 03-30T22:00Z).
        JsonPath day = report(a.manager, "channel-costs", Map.of("from", "2026-03-28", "to", "2026-03-31"));
        assertEquals("Europe/Berlin", day.getString("timeZone"));
        assertEquals(
                List.of(
                        // S1 (alice, 22:30Z-23:30Z Mar 28, EUR 36.00/h): 1800 s on Mar 28 = 1800 minor.
                        "2026-03-28|null|PHONE|1800|EUR 1800|[EUR 1800]|0|0|0|0|null|null",
                        // S3 live on the API conversation 10:00Z-10:10Z at EUR 36.00/h: 600 s = 600; one resolution,
                        // two inbound messages (09:00Z, 09:05Z), one sent reply (cancelled and failed ones do not
                        // count): 600 per resolution, 300 per inbound message.
                        "2026-03-29|" + channel + "|API|600|EUR 600|[EUR 600]|1|1|2|1|EUR 600|EUR 300",
                        // S1's second half 1800 s at 36.00 = 1800; S2 (21:30Z-22:30Z, after the rate change to
                        // EUR 72.00/h at 12:00Z) 1800 s = 3600; S7 (mona, USD 60.00/h) 1800 s = USD 3000.
                        "2026-03-29|null|PHONE|5400|null|[EUR 5400, USD 3000]|0|0|0|0|null|null",
                        // A message at 22:30Z on Mar 29 is 00:30 on Mar 30 in Berlin; S9 (mona, 120 s at USD 60.00/h)
                        // = USD 200, which is also the cost per inbound message.
                        "2026-03-30|" + channel + "|API|120|USD 200|[USD 200]|1|0|1|0|null|USD 200",
                        // S2's second half 1800 s at 72.00 = 3600; S5 edited from 600 to 1200 s at 72.00 = 2400 (S6
                        // was deleted); S8 (mona) 1 s at USD 60.00/h = 1.667 minor, rounded once: 2.
                        "2026-03-30|null|PHONE|3001|null|[EUR 6000, USD 2]|0|0|0|0|null|null"),
                rows(day));

        // ISO week from Monday Mar 23 (to=Mar 30 is the Monday after): Mar 28 + Mar 29.
        JsonPath week =
                report(a.manager, "channel-costs", Map.of("from", "2026-03-23", "to", "2026-03-30", "groupBy", "week"));
        assertEquals(
                List.of(
                        "2026-03-23|" + channel + "|API|600|EUR 600|[EUR 600]|1|1|2|1|EUR 600|EUR 300",
                        "2026-03-23|null|PHONE|7200|null|[EUR 7200, USD 3000]|0|0|0|0|null|null"),
                rows(week));

        // S4 (EMAIL, no channel) 21:00Z-23:00Z Oct 24: midnight is 22:00Z (CEST), so 3600 s on Oct 24 and 3600 s
        // on Oct 25 (a 25-hour day), at EUR 72.00/h = 7200 each.
        JsonPath october = report(a.manager, "channel-costs", Map.of("from", "2026-10-24", "to", "2026-10-26"));
        assertEquals(
                List.of(
                        "2026-10-24|null|EMAIL|3600|EUR 7200|[EUR 7200]|0|0|0|0|null|null",
                        "2026-10-25|null|EMAIL|3600|EUR 7200|[EUR 7200]|0|0|0|0|null|null"),
                rows(october));
        JsonPath month = report(
                a.manager, "channel-costs", Map.of("from", "2026-10-01", "to", "2026-11-01", "groupBy", "month"));
        assertEquals(List.of("2026-10-01|null|EMAIL|7200|EUR 14400|[EUR 14400]|0|0|0|0|null|null"), rows(month));

        // Filters.
        JsonPath phoneOnly =
                report(a.manager, "channel-costs", Map.of("from", "2026-03-28", "to", "2026-03-31", "channel", "none"));
        assertThat(phoneOnly.getList("rows.kind"), everyItem(equalTo("PHONE")));
        JsonPath apiOnly =
                report(a.manager, "channel-costs", Map.of("from", "2026-03-28", "to", "2026-03-31", "kind", "API"));
        assertEquals(List.of("2026-03-29", "2026-03-30"), apiOnly.getList("rows.period"));

        // Operator workload on Mar 29: alice 1800 (S1) + 1800 (S2) + 600 (S3) = 4200 s; sessions started that day:
        // S2 and S3; one REPLY fact; cost 1800 + 3600 + 600 = EUR 6000; online 09:00Z-17:00Z = 28800 s, utilisation
        // 0.1458.
        JsonPath workload = report(a.manager, "operator-workload", Map.of("from", "2026-03-29", "to", "2026-03-30"));
        assertThat(
                workloadRows(workload),
                containsInAnyOrder(
                        "2026-03-29|" + alice + "|4200|2|1|1|28800|0.1458|EUR 6000",
                        "2026-03-29|" + mona + "|1800|1|0|0|0|null|USD 3000"));

        // First responses on Mar 29 of 30, 90, 45 s (API target 60 s): nearest-rank median 45, p90 90, mean 55.0,
        // two of three within the target.
        JsonPath times = report(a.manager, "response-times", Map.of("from", "2026-03-29", "to", "2026-03-30"));
        Map<String, Object> byKind =
                times.getMap("rows.find { it.dimension == 'CHANNEL_KIND' && it.measure == 'FIRST_RESPONSE' }");
        assertEquals("API", byKind.get("key"));
        assertEquals(3, byKind.get("count"));
        assertEquals(45, byKind.get("medianSeconds"));
        assertEquals(90, byKind.get("p90Seconds"));
        assertEquals(55.0f, byKind.get("meanSeconds"));
        assertEquals(60, byKind.get("targetSeconds"));
        assertEquals(2, byKind.get("metTarget"));
        assertEquals(0.6667f, byKind.get("metTargetShare"));
        Map<String, Object> byOperator =
                times.getMap("rows.find { it.dimension == 'OPERATOR' && it.measure == 'FIRST_RESPONSE' }");
        assertEquals(alice, byOperator.get("key"));
        assertEquals(3, byOperator.get("count"));
        assertEquals(45, byOperator.get("medianSeconds"));

        // Volume: Mar 29 API: 2 in, 1 out, 1 failed delivery; Mar 30: 1 in.
        JsonPath volume = report(a.manager, "volume", Map.of("from", "2026-03-28", "to", "2026-03-31"));
        assertEquals(
                List.of("2026-03-29|API|2|1|1", "2026-03-30|API|1|0|0"),
                volume.getList("rows", Map.class).stream()
                        .map(r -> r.get("period") + "|" + r.get("kind") + "|" + r.get("messagesIn") + "|"
                                + r.get("messagesOut") + "|" + r.get("deliveryFailures"))
                        .toList());

        drillDowns(day);
        rollupsEqualTheRawRowsAndTheirRebuild();
        theOtherTenantSeesOnlyItsOwn();
    }

    private void drillDowns(JsonPath day) {
        // The PHONE row of Mar 29 comes from S1, S2 and S7 (the sessions overlapping the local day).
        String phoneSessions =
                day.getString("rows.find { it.period == '2026-03-29' && it.kind == 'PHONE' }.drillDown.workSessions");
        List<Integer> seconds = given().urlEncodingEnabled(false)
                .auth()
                .oauth2(a.manager)
                .get(phoneSessions)
                .then()
                .statusCode(200)
                .extract()
                .path("items.durationSeconds");
        assertThat(seconds, containsInAnyOrder(3600, 3600, 1800));

        String handled = day.getString(
                "rows.find { it.period == '2026-03-29' && it.kind == 'API' }.drillDown.conversationsHandled");
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(a.manager)
                .get(handled)
                .then()
                .statusCode(200)
                .body("items.conversationId", equalTo(List.of(conversation)));
        String messagesIn =
                day.getString("rows.find { it.period == '2026-03-29' && it.kind == 'API' }.drillDown.messagesIn");
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(a.manager)
                .get(messagesIn)
                .then()
                .statusCode(200)
                .body("items.conversationId", equalTo(List.of(conversation)))
                .body("items.count", equalTo(List.of(2)));
        String resolved = day.getString(
                "rows.find { it.period == '2026-03-29' && it.kind == 'API' }.drillDown.conversationsResolved");
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(a.manager)
                .get(resolved)
                .then()
                .statusCode(200)
                .body("items.count", equalTo(List.of(1)));
    }

    /**
     * The rollup the services keep equals the raw rows split by local day, and the rebuild (run when the zone
     * changes) gives exactly the same rows back.
     */
    private void rollupsEqualTheRawRowsAndTheirRebuild() {
        Map<String, String> maintained = workDays(a.tenant);
        assertEquals(rawWorkDays(a.tenant, BERLIN), maintained);
        List<String> otherTables = rollupRows(a.tenant);

        setZone(a, "UTC");
        // On UTC days S1 (22:30Z-23:30Z) lies wholly on Mar 28.
        assertEquals("3600|12960000|1", workDays(a.tenant).get("2026-03-28||PHONE|EUR"));
        assertEquals(rawWorkDays(a.tenant, ZoneId.of("UTC")), workDays(a.tenant));

        setZone(a, "Europe/Berlin");
        assertEquals(maintained, workDays(a.tenant));
        assertEquals(otherTables, rollupRows(a.tenant));
    }

    private void theOtherTenantSeesOnlyItsOwn() {
        InboxFixture b = new InboxFixture("reportsb");
        logWork(b.agent, null, "PHONE", "2026-03-29T10:00:00Z", 60);
        JsonPath other = report(b.manager, "channel-costs", Map.of("from", "2026-03-28", "to", "2026-03-31"));
        // No rate for B's agent: the seconds count, uncosted.
        assertEquals("UTC", other.getString("timeZone"));
        assertEquals(1, other.getList("rows", Map.class).size());
        assertEquals(60, other.getInt("rows[0].handlingSeconds"));
        assertEquals(60, other.getInt("rows[0].uncostedSeconds"));
        assertNull(other.getString("rows[0].cost"));
        // And A's figures did not move.
        JsonPath mine =
                report(a.manager, "channel-costs", Map.of("from", "2026-03-29", "to", "2026-03-30", "kind", "PHONE"));
        assertEquals(5400, mine.getInt("rows[0].handlingSeconds"));
    }

    @Test
    void agentsSeeOnlyTheirOwnWorkload() {
        InboxFixture f = new InboxFixture("reportsroles");
        String me = f.operatorId(f.agent);
        String boss = f.operatorId(f.manager);
        logWork(f.agent, null, "PHONE", "2026-03-29T10:00:00Z", 120);
        logWork(f.manager, null, "PHONE", "2026-03-29T11:00:00Z", 60);
        Map<String, String> range = Map.of("from", "2026-03-29", "to", "2026-03-30");
        for (String report : List.of("channel-costs", "response-times", "volume", "conversations")) {
            given().auth()
                    .oauth2(f.agent)
                    .queryParams(range)
                    .get("/api/v1/reports/" + report)
                    .then()
                    .statusCode(403);
        }
        assertEquals(List.of(me), report(f.agent, "operator-workload", range).getList("rows.operatorId"));
        given().auth()
                .oauth2(f.agent)
                .queryParams(range)
                .queryParam("operator", boss)
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(403);
        assertThat(
                report(f.manager, "operator-workload", range).getList("rows.operatorId"), containsInAnyOrder(me, boss));
    }

    @Test
    void badRangesAreProblems() {
        InboxFixture f = new InboxFixture("reportsbad");
        setZone(f, "Europe/Berlin");
        List<Map<String, String>> bad = List.of(
                Map.of("to", "2026-03-30"),
                Map.of("from", "2026-03-30", "to", "2026-03-29"),
                Map.of("from", "2026-03-29", "to", "2026-03-30", "groupBy", "year"),
                Map.of("from", "2020-01-01", "to", "2026-01-01"),
                Map.of("from", "2026-03-29T00:00:00Z", "to", "2026-03-30"),
                Map.of("from", "yesterday", "to", "2026-03-30"));
        for (Map<String, String> query : bad) {
            given().auth()
                    .oauth2(f.manager)
                    .queryParams(query)
                    .get("/api/v1/reports/channel-costs")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // An instant on a Berlin midnight is a day.
        given().auth()
                .oauth2(f.manager)
                .queryParams(Map.of("from", "2026-03-28T23:00:00Z", "to", "2026-03-30"))
                .get("/api/v1/reports/channel-costs")
                .then()
                .statusCode(200)
                .body("from", equalTo("2026-03-29"));
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", "Mars/Olympus"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("timeZone", "UTC"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(403);
    }

    @Test
    void reportsComeAsCsvOnRequest() {
        InboxFixture f = new InboxFixture("reportscsv");
        logWork(f.agent, null, "PHONE", "2026-03-29T10:00:00Z", 120);
        String csv = given().auth()
                .oauth2(f.manager)
                .accept("text/csv")
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-30"))
                .get("/api/v1/reports/channel-costs")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertTrue(
                lines[0].startsWith("period,channelId,kind,handlingSeconds,costAmountMinor,costCurrency,costs"),
                lines[0]);
        assertEquals(2, lines.length);
        assertTrue(lines[1].startsWith("2026-03-29,,PHONE,120,,,,120,0,0,0,0,,,/api/v1/work-sessions?"), lines[1]);
        for (String report : List.of("operator-workload", "response-times", "volume")) {
            given().auth()
                    .oauth2(f.manager)
                    .accept("text/csv")
                    .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-30"))
                    .get("/api/v1/reports/" + report)
                    .then()
                    .statusCode(200)
                    .body(startsWith("period,"));
        }
    }

    // --- the dataset ---

    private void buildDataset() {
        a = new InboxFixture("reports");
        setZone(a, "Europe/Berlin");
        alice = a.operatorId(a.agent);
        mona = a.operatorId(a.manager);
        channel = a.channel("Support API");
        conversation = a.send(channel, "m-1", "cust-1", "Customer", "Hello");
        // The fixture's message is today's; the dataset's messages are written as ingest would have on the day.
        sql.update("DELETE FROM message WHERE conversation_id = ?", conversation);
        message("INBOUND", null, "2026-03-29T09:00:00Z");
        message("INBOUND", null, "2026-03-29T09:05:00Z");
        message("OUTBOUND", "SENT", "2026-03-29T10:05:00Z");
        message("OUTBOUND", "CANCELLED", "2026-03-29T10:06:00Z");
        String failing = message("OUTBOUND", "SENDING", "2026-03-29T10:07:00Z");
        sql.update("UPDATE message SET delivery_status = 'FAILED' WHERE id = ?", failing);
        message("INBOUND", null, "2026-03-29T22:30:00Z");
        fact("RESOLUTION", alice, "2026-03-29T15:00:00Z", 21600);
        // Messages and facts written around the services: their counts are rebuilt, as after a bulk load. The work
        // below goes through the services, which keep the rollups themselves.
        RollupRebuild.of(a.tenant);

        setRate(alice, 3600, "EUR", "2026-01-01T00:00:00Z");
        setRate(mona, 6000, "USD", "2026-01-01T00:00:00Z");

        logWork(a.agent, null, "PHONE", "2026-03-28T22:30:00Z", 3600); // S1
        logWork(a.agent, null, "PHONE", "2026-03-29T21:30:00Z", 3600); // S2
        logWork(a.manager, null, "PHONE", "2026-03-29T08:00:00Z", 1800); // S7
        logWork(a.manager, null, "PHONE", "2026-03-30T08:00:00Z", 1); // S8
        String s5 = logWork(a.agent, null, "PHONE", "2026-03-30T10:00:00Z", 600);
        String s6 = logWork(a.agent, null, "PHONE", "2026-03-30T12:00:00Z", 900);
        logWork(a.agent, null, "EMAIL", "2026-10-24T21:00:00Z", 7200); // S4
        // S3: live, heartbeats every 30 s from 10:00Z to 10:10Z, then stopped.
        Instant start = Instant.parse("2026-03-29T10:00:00Z");
        for (int i = 0; i <= 20; i++) {
            Instant at = start.plusSeconds(30L * i);
            InTenant.call(a.tenant, () -> recorder.heartbeat(conversation, alice, at));
        }
        InTenant.call(a.tenant, () -> recorder.stop(conversation, alice, start.plusSeconds(600)));
        // S9: mona's live session 09:00Z-09:02Z on Mar 30, abandoned; the idle closer (a bulk UPDATE) ends it at its
        // last heartbeat.
        Instant abandoned = Instant.parse("2026-03-30T09:00:00Z");
        for (int i = 0; i <= 4; i++) {
            Instant at = abandoned.plusSeconds(30L * i);
            InTenant.call(a.tenant, () -> recorder.heartbeat(conversation, mona, at));
        }
        closer.closeIdle(abandoned.plusSeconds(600));

        given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(Map.of("durationSeconds", 1200))
                .patch("/api/v1/work-sessions/" + s5)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(a.agent)
                .delete("/api/v1/work-sessions/" + s6)
                .then()
                .statusCode(204);
        // The rate change inside the period: S2, S5 and S4 started after it and are re-costed.
        setRate(alice, 7200, "EUR", "2026-03-29T12:00:00Z");

        fact("FIRST_RESPONSE", alice, "2026-03-29T09:30:00Z", 30);
        fact("FIRST_RESPONSE", alice, "2026-03-29T09:31:00Z", 90);
        fact("FIRST_RESPONSE", alice, "2026-03-29T09:32:00Z", 45);
        fact("REPLY", alice, "2026-03-29T10:05:00Z", 120);
        availability(alice, "ONLINE", "2026-03-29T09:00:00Z", "2026-03-29T17:00:00Z");
        availability(alice, "AWAY", "2026-03-29T17:00:00Z", "2026-03-29T18:00:00Z");
    }

    private String message(String direction, String status, String at) {
        String id = Ids.newId();
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, delivery_status,"
                        + " created_at, received_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?, ?)",
                id,
                a.tenant,
                conversation,
                channel,
                direction,
                status,
                utc(at),
                utc(at));
        return id;
    }

    private void fact(String kind, String operator, String endedAt, long seconds) {
        Instant end = Instant.parse(endedAt);
        sql.update(
                "INSERT INTO reporting_event (id, tenant_id, kind, conversation_id, channel_id, channel_kind,"
                        + " operator_id, started_at, ended_at, seconds, source_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'API', ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                a.tenant,
                kind,
                conversation,
                channel,
                operator,
                utc(end.minusSeconds(seconds).toString()),
                utc(endedAt),
                seconds,
                Ids.newId(),
                utc(endedAt));
    }

    private void availability(String operator, String availability, String from, String to) {
        sql.update(
                "INSERT INTO operator_availability (id, tenant_id, operator_id, availability, started_at, ended_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                a.tenant,
                operator,
                availability,
                utc(from),
                utc(to));
    }

    private static java.time.LocalDateTime utc(String instant) {
        return java.time.LocalDateTime.ofInstant(Instant.parse(instant), java.time.ZoneOffset.UTC);
    }

    private static String logWork(String token, String conversationId, String kind, String startedAt, int seconds) {
        Map<String, Object> body = new java.util.HashMap<>();
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

    private void setRate(String operator, long amount, String currency, String from) {
        given().auth()
                .oauth2(a.manager)
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

    @SuppressWarnings("unchecked")
    private static List<String> rows(JsonPath report) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : report.getList("rows", Map.class)) {
            rows.add(r.get("period") + "|" + r.get("channelId") + "|" + r.get("kind") + "|" + r.get("handlingSeconds")
                    + "|" + money(r.get("cost")) + "|"
                    + ((List<Object>) r.get("costs"))
                            .stream().map(ReportsTest::money).toList() + "|"
                    + r.get("conversationsHandled") + "|" + r.get("conversationsResolved") + "|" + r.get("messagesIn")
                    + "|" + r.get("messagesOut") + "|" + money(r.get("costPerResolvedConversation")) + "|"
                    + money(r.get("costPerInboundMessage")));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<String> workloadRows(JsonPath report) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : report.getList("rows", Map.class)) {
            rows.add(r.get("period") + "|" + r.get("operatorId") + "|" + r.get("handlingSeconds") + "|"
                    + r.get("sessions") + "|" + r.get("conversations") + "|" + r.get("replies") + "|"
                    + r.get("availableSeconds") + "|" + r.get("utilisation") + "|" + money(r.get("cost")));
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

    /** report_work_day of the tenant: "day|channel|kind|currency" -> "seconds|costMinorSeconds|sessions". */
    private Map<String, String> workDays(String tenant) {
        Map<String, String> days = new TreeMap<>();
        for (Object row : sql.column(
                "SELECT CONCAT(day, '|', channel_key, '|', channel_kind, '|', currency, '=', handling_seconds, '|',"
                        + " cost_minor_seconds, '|', sessions) FROM report_work_day WHERE tenant_id = ?"
                        + " AND (handling_seconds <> 0 OR sessions <> 0 OR cost_minor_seconds <> 0)",
                tenant)) {
            String[] kv = ((String) row).split("=");
            days.put(kv[0], kv[1]);
        }
        return days;
    }

    /** The same, computed here from the raw sessions by the reports' rule. */
    private Map<String, String> rawWorkDays(String tenant, ZoneId zone) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, BigDecimal> costs = new TreeMap<>();
        for (Object row : sql.column(
                "SELECT CAST(CONCAT_WS('|', DATE_FORMAT(started_at, '%Y-%m-%dT%H:%i:%s.%fZ'), duration_seconds,"
                        + " COALESCE(channel_id, ''), channel_kind, COALESCE(hourly_cost_currency, ''),"
                        + " COALESCE(hourly_cost_minor, 0)) AS CHAR) FROM work_session WHERE tenant_id = ? AND ended_at IS NOT NULL",
                tenant)) {
            String[] f = ((String) row).split("\\|", -1);
            boolean first = true;
            for (Map.Entry<LocalDate, Long> piece : SessionSeconds.byDay(
                            Instant.parse(f[0]), Long.parseLong(f[1]), zone)
                    .entrySet()) {
                String key = piece.getKey() + "|" + f[2] + "|" + f[3] + "|" + f[4];
                long[] s = sums.computeIfAbsent(key, k -> new long[2]);
                s[0] += piece.getValue();
                s[1] += first ? 1 : 0;
                first = false;
                costs.merge(key, BigDecimal.valueOf(piece.getValue() * Long.parseLong(f[5])), BigDecimal::add);
            }
        }
        Map<String, String> days = new TreeMap<>();
        sums.forEach((k, s) -> days.put(k, s[0] + "|" + costs.get(k).toPlainString() + "|" + s[1]));
        return days;
    }

    private List<String> rollupRows(String tenant) {
        List<String> rows = new ArrayList<>();
        Map<String, String> tables = Map.of(
                "report_conversation_period",
                "granularity, period_start, channel_key, channel_kind, conversation_id, refs FROM report_conversation_period"
                        + " WHERE refs <> 0",
                "report_handled_period",
                "granularity, period_start, channel_key, channel_kind, conversations FROM report_handled_period"
                        + " WHERE conversations <> 0",
                "report_count_day",
                // A count is kept in several rows (one per connection's shard, V23); the rebuild writes one.
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
}
