package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.scheduling.PostTextsEdited;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.RollupRebuild;
import io.switchboard.testing.Sql;
import io.switchboard.workload.PublishingTimeRecorder;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Time spent publishing, counted on the post's channels, and broadcast replies, in the channel-return and
 * channel-costs reports, on a dataset computed by hand. Tenant zone Europe/Berlin, in January (CET, UTC+1): local
 * Jan 10 = [2026-01-09T23:00Z, 2026-01-10T23:00Z), Jan 11 = [2026-01-10T23:00Z, 2026-01-11T23:00Z); the range
 * [Jan 10, Jan 12) ends at 2026-01-11T23:00Z. Alice costs EUR 36.00 an hour (1 minor a second) from Jan 1 and
 * EUR 72.00 (2 a second) from 2026-01-10T12:00Z. Post P has two targets, X first, then the Facebook page.
 */
@QuarkusTest
class PublishingCostTest {

    @Inject
    Sql sql;

    @Inject
    PublishingTimeRecorder recorder;

    @Inject
    Event<PostTextsEdited> edits;

    @Inject
    Clock clock;

    private final InboxFixture a = new InboxFixture("publishing");
    private ReportRows rows;
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));

    @Test
    void publishingTimeCountsOnThePostsChannelsExactlyByHand() {
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
        String sms = channel(
                "SMS", Map.of("accountSid", accountSid(), "authToken", "at" + suffix, "phoneNumber", "+15550001111"));
        String post = post(x, fb);
        rows().setRate(alice, 3600, "2026-01-01T00:00:00Z");
        rows().setRate(alice, 7200, "2026-01-10T12:00:00Z");

        // S1, by hand: 22:50:00Z for 1201 s (23:50 to 00:10:01 local) at 2 a second: seconds 0..599 on Jan 10,
        // 600..1200
        // on Jan 11. Dealt in turn (even seconds to X, odd ones to the page): Jan 10 300 + 300; Jan 11 the evens of
        // 600..1200 = 301 to X, 300 to the page.
        logWork(Map.of("postId", post, "startedAt", "2026-01-10T22:50:00Z", "durationSeconds", 1201))
                .body("postId", equalTo(post))
                .body("channelId", nullValue())
                .body("channelKind", equalTo("X"));
        // S2, by hand, before the rate change: 900 s at 1 a second on Jan 10: 450 s each.
        logWork(Map.of("postId", post, "startedAt", "2026-01-10T08:00:00Z", "durationSeconds", 900));
        // S3, live: 09:00:00Z to 09:00:40Z on Jan 11 at 2 a second; the page's own text edited in it: 40 s on the
        // page only.
        Instant t0 = Instant.parse("2026-01-11T09:00:00Z");
        InTenant.call(a.tenant, () -> recorder.heartbeat(post, alice, t0));
        InTenant.run(
                a.tenant,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> edits.fire(
                                new PostTextsEdited(a.tenant, post, alice, Set.of(fb), t0.plusSeconds(20)))));
        InTenant.call(a.tenant, () -> recorder.heartbeat(post, alice, t0.plusSeconds(30)));
        InTenant.call(a.tenant, () -> recorder.stop(post, alice, t0.plusSeconds(40)));
        // S4, by hand, naming a conversation on X and the post: publishing, 10 s at 2 a second, 5 s on each channel
        // (not conversation time on X).
        String onX = conversation(x, null);
        logWork(Map.of(
                "conversationId", onX, "postId", post, "startedAt", "2026-01-11T11:00:00Z", "durationSeconds", 10));
        // Conversation work on X: 100 s at 2 a second = 200 on Jan 11; one resolution on X on Jan 11.
        logWork(Map.of("conversationId", onX, "startedAt", "2026-01-11T10:00:00Z", "durationSeconds", 100));
        rows().resolution(onX, x, alice, "2026-01-11T12:00:00Z");

        // Broadcast on SMS: three recipients sent at 22:30Z on Jan 10 (23:30 local): R1 replies 47 h 59 min later
        // (counts), R2 exactly 48 h later (does not), R3 answers on X (does not); R4 sent at 23:30Z (00:30 local Jan
        // 11) replies at 00:00Z Jan 11 (counts); R5's send failed (not a recipient).
        String r1 = conversation(sms, "+15550000001");
        String r2 = conversation(sms, "+15550000002");
        String r3 = conversation(sms, "+15550000003");
        String r4 = conversation(sms, "+15550000004");
        String r5 = conversation(sms, "+15550000005");
        String item = broadcastItem(post, sms);
        send(item, sms, r1, "+15550000001", "SENT", "2026-01-10T22:30:00Z");
        send(item, sms, r2, "+15550000002", "DELIVERED", "2026-01-10T22:30:00Z");
        send(item, sms, r3, "+15550000003", "SENT", "2026-01-10T22:30:00Z");
        send(item, sms, r4, "+15550000004", "SENT", "2026-01-10T23:30:00Z");
        send(item, sms, r5, "+15550000005", "FAILED", "2026-01-10T22:30:00Z");
        rows().message(r1, sms, "2026-01-12T22:29:00Z");
        rows().message(r2, sms, "2026-01-12T22:30:00Z");
        rows().message(conversationOf(r3, x), x, "2026-01-10T23:00:00Z");
        rows().message(r4, sms, "2026-01-11T00:00:00Z");
        // Messages and resolutions were written around the services: their counts are rebuilt, as after a bulk load.
        RollupRebuild.of(a.tenant);

        JsonPath report = given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("from", "2026-01-10", "to", "2026-01-12"))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // period|channel|kind|conversation s, cost|publishing s, cost|total s, cost|in|resolved|recipients>replied|
        // per resolved
        assertEquals(
                List.of(
                        // Jan 10 page: S1 300 s = 600, S2 450 s = 450: 750 s, EUR 1050.
                        "2026-01-10|" + fb + "|FACEBOOK|0 null|750 EUR 1050|750 EUR 1050|0|0|0>0|null",
                        // Jan 10 SMS: R1, R2, R3 sent; R1 replied within 48 h.
                        "2026-01-10|" + sms + "|SMS|0 null|0 null|0 null|0|0|3>1|null",
                        // Jan 10 X: as the page.
                        "2026-01-10|" + x + "|X|0 null|750 EUR 1050|750 EUR 1050|0|0|0>0|null",
                        // Jan 11 page: S1 300 s = 600, S3 40 s = 80, S4 5 s = 10: 345 s, EUR 690.
                        "2026-01-11|" + fb + "|FACEBOOK|0 null|345 EUR 690|345 EUR 690|0|0|0>0|null",
                        // Jan 11 SMS: R4 sent and replied; its reply is the day's inbound message (R1's and R2's
                        // replies fall on Jan 12 local).
                        "2026-01-11|" + sms + "|SMS|0 null|0 null|0 null|1|0|1>1|null",
                        // Jan 11 X: conversation 100 s = 200; publishing S1 301 s = 602, S4 5 s = 10: 306 s, 612;
                        // total 406 s, EUR 812; R3's answer is inbound on X; 812 / 1 resolved.
                        "2026-01-11|" + x + "|X|100 EUR 200|306 EUR 612|406 EUR 812|1|1|0>0|EUR 812"),
                returnRows(report));

        JsonPath costs = given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("from", "2026-01-10", "to", "2026-01-12", "kind", "X"))
                .get("/api/v1/reports/channel-costs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // The channel-costs rows include the publishing share; no row is left for the sessions' own kind without a
        // channel. period|channel|seconds|cost|publishing seconds|publishing costs|handled|per resolved
        assertEquals(
                List.of(
                        "2026-01-10|" + x + "|750|EUR 1050|750|[EUR 1050]|0|null",
                        "2026-01-11|" + x + "|406|EUR 812|306|[EUR 612]|1|EUR 812"),
                costRows(costs));

        // Weekly, the page alone: the week of Jan 5 holds Jan 10, the week of Jan 12 nothing; 750 + 345 s.
        given().auth()
                .oauth2(a.manager)
                .queryParams(Map.of("from", "2026-01-10", "to", "2026-01-12", "groupBy", "week", "channel", fb))
                .get("/api/v1/reports/channel-return")
                .then()
                .statusCode(200)
                .body("rows.size()", equalTo(1))
                .body("rows[0].period", equalTo("2026-01-05"))
                .body("rows[0].publishingSeconds", equalTo(1095))
                .body("rows[0].publishingCost.amountMinor", equalTo(1740))
                .body("rows[0].handlingSeconds", equalTo(0));

        // The drill-down links of the rows: the conversation work alone, and the work on posts that counts on the
        // channel (S3 edited the page's text only, so it counts on the page, not on X; S2 is on Jan 10 only).
        String xJan11 = "rows.find { it.period == '2026-01-11' && it.channelId == '" + x + "' }.drillDown.";
        String fbJan11 = "rows.find { it.period == '2026-01-11' && it.channelId == '" + fb + "' }.drillDown.";
        assertEquals(List.of("2026-01-11T10:00:00Z"), starts(report.getString(xJan11 + "workSessions")));
        assertEquals(
                List.of("2026-01-11T11:00:00Z", "2026-01-10T22:50:00Z"),
                starts(report.getString(xJan11 + "publishingSessions")));
        assertEquals(
                List.of("2026-01-11T11:00:00Z", "2026-01-11T09:00:00Z", "2026-01-10T22:50:00Z"),
                starts(report.getString(fbJan11 + "publishingSessions")));
        assertEquals(
                report.getString(xJan11 + "publishingSessions"),
                costs.getString(xJan11 + "publishingSessions"),
                "the channel-costs row links the same sessions");
        // Every session on the post, newest first; the list refuses what it cannot mean.
        assertEquals(
                List.of("2026-01-11T11:00:00Z", "2026-01-11T09:00:00Z", "2026-01-10T22:50:00Z", "2026-01-10T08:00:00Z"),
                starts("/api/v1/work-sessions?post=" + post));
        assertEquals(List.of(), starts("/api/v1/work-sessions?work=CONVERSATIONS&post=" + post, 400));
        assertEquals(List.of(), starts("/api/v1/work-sessions?work=SOMETIMES", 400));
    }

    /** The start of each session a work-session list link names, in its order. */
    private List<String> starts(String link) {
        return starts(link, 200);
    }

    private List<String> starts(String link, int status) {
        // The links come encoded already.
        var answer = given().urlEncodingEnabled(false)
                .auth()
                .oauth2(a.manager)
                .get(link)
                .then()
                .statusCode(status);
        return status == 200 ? answer.extract().jsonPath().getList("items.startedAt") : List.of();
    }

    @Test
    void theComposersHeartbeatsOpenASessionAndItsEditsMarkTheEditedTarget() {
        String alice = a.operatorId(a.agent);
        String x = channel("X", Map.of("userId", "1" + suffix, "consumerSecret", "cs", "accessToken", "at"));
        String fb = channel(
                "FACEBOOK",
                Map.of("pageId", "8" + suffix, "appSecret", "as", "verifyToken", "vt", "pageAccessToken", "pt"));
        String post = post(x, fb);
        String session = given().auth()
                .oauth2(a.agent)
                .post("/api/v1/posts/" + post + "/work/heartbeat")
                .then()
                .statusCode(200)
                .body("postId", equalTo(post))
                .body("endedAt", nullValue())
                .body("source", equalTo("LIVE"))
                .extract()
                .path("id");
        // The post's own text is not a channel's; the page's text is.
        patch(post, Map.of("text", "New common text"));
        assertEquals(0L, sql.count("SELECT COUNT(*) FROM work_session_post_edit WHERE work_session_id = ?", session));
        patch(
                post,
                Map.of(
                        "targets",
                        List.of(Map.of("channelId", x), Map.of("channelId", fb, "text", "For the page only"))));
        assertEquals(
                List.of(fb),
                sql.column("SELECT channel_id FROM work_session_post_edit WHERE work_session_id = ?", session));
        given().auth()
                .oauth2(a.agent)
                .post("/api/v1/posts/" + post + "/work/stop")
                .then()
                .statusCode(200)
                .body("id", equalTo(session))
                .body("endedAt", org.hamcrest.Matchers.notNullValue());
        given().auth()
                .oauth2(a.agent)
                .post("/api/v1/posts/" + post + "/work/stop")
                .then()
                .statusCode(204);
        // Another tenant's post is unknown; a cancelled post takes no heartbeats.
        given().auth()
                .oauth2(new InboxFixture("publishing-other").agent)
                .post("/api/v1/posts/" + post + "/work/heartbeat")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(a.agent)
                .post("/api/v1/posts/" + post + "/cancel")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(a.agent)
                .post("/api/v1/posts/" + post + "/work/heartbeat")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        // A manual entry naming an unknown post, or a kind none of the post's channels has: 400.
        logWorkAs(Map.of("postId", "nope", "startedAt", "2026-01-10T08:00:00Z", "durationSeconds", 60))
                .statusCode(400)
                .contentType("application/problem+json");
        logWorkAs(Map.of(
                        "postId",
                        post,
                        "channelKind",
                        "SMS",
                        "startedAt",
                        "2026-01-10T08:00:00Z",
                        "durationSeconds",
                        60))
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(
                1L,
                sql.count(
                        "SELECT COUNT(*) FROM work_session WHERE post_id = ? AND operator_id = ? AND open_post_id IS"
                                + " NULL",
                        post,
                        alice));
    }

    /** A Twilio-like account id unique to the test. */
    private String accountSid() {
        return "AC"
                + java.util.HexFormat.of()
                        .formatHex(java.nio.ByteBuffer.allocate(16)
                                .putLong(Long.parseLong(suffix))
                                .array());
    }

    private void patch(String post, Map<String, Object> body) {
        given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/posts/" + post)
                .then()
                .statusCode(200);
    }

    private String post(String x, String fb) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", "Winter sale");
        body.put("targets", List.of(Map.of("channelId", x), Map.of("channelId", fb)));
        body.put("scheduledAt", clock.instant().plus(30, ChronoUnit.DAYS).toString());
        body.put("timeZone", "Europe/Berlin");
        return given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
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

    /** A conversation on the channel, as ingest would have opened it; with an address, the contact's identity. */
    private String conversation(String channel, String address) {
        String contact = Ids.newId();
        LocalDateTime at = utc("2026-01-01T00:00:00Z");
        sql.update(
                "INSERT INTO contact (id, tenant_id, name, created_at, updated_at) VALUES (?, ?, 'Fan', ?, ?)",
                contact,
                a.tenant,
                at,
                at);
        return conversationOfContact(contact, channel);
    }

    /** Another conversation of the same contact, on another channel. */
    private String conversationOf(String conversation, String channel) {
        return conversationOfContact(
                (String) sql.single("SELECT contact_id FROM conversation WHERE id = ?", conversation), channel);
    }

    private String conversationOfContact(String contact, String channel) {
        String id = Ids.newId();
        LocalDateTime at = utc("2026-01-01T00:00:00Z");
        sql.update(
                "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, status,"
                        + " last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)",
                id,
                a.tenant,
                channel,
                contact,
                "t-" + id,
                at,
                at,
                at);
        return id;
    }

    private String broadcastItem(String post, String channel) {
        String publication = Ids.newId();
        String item = Ids.newId();
        LocalDateTime at = utc("2026-01-10T22:30:00Z");
        sql.update(
                "INSERT INTO publication (id, tenant_id, post_id, occurrence_at, fired_at, status, recipients)"
                        + " VALUES (?, ?, ?, ?, ?, 'PUBLISHED', 5)",
                publication,
                a.tenant,
                post,
                at,
                at);
        sql.update(
                "INSERT INTO publication_item (id, tenant_id, publication_id, position, channel_id, mode, text)"
                        + " VALUES (?, ?, ?, 0, ?, 'BROADCAST', 'Winter sale')",
                item,
                a.tenant,
                publication,
                channel);
        return item;
    }

    /** One recipient's delivery of the broadcast. */
    private void send(String item, String channel, String conversation, String address, String status, String at) {
        sql.update(
                "INSERT INTO delivery (id, tenant_id, channel_id, status, created_at, updated_at, sent_at,"
                        + " publication_id, publication_item_id, recipient_contact_id, recipient_address, lane)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, publication_id, id, ?, ?, 1 FROM publication_item WHERE id = ?",
                Ids.newId(),
                a.tenant,
                channel,
                status,
                utc(at),
                utc(at),
                "FAILED".equals(status) ? null : utc(at),
                sql.single("SELECT contact_id FROM conversation WHERE id = ?", conversation),
                address,
                item);
    }

    private io.restassured.response.ValidatableResponse logWork(Map<String, Object> body) {
        return logWorkAs(body).statusCode(201);
    }

    private io.restassured.response.ValidatableResponse logWorkAs(Map<String, Object> body) {
        return given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then();
    }

    private static LocalDateTime utc(String instant) {
        return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    @SuppressWarnings("unchecked")
    private static List<String> returnRows(JsonPath report) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : report.getList("rows", Map.class)) {
            rows.add(r.get("period") + "|" + r.get("channelId") + "|" + r.get("kind") + "|" + r.get("handlingSeconds")
                    + " " + money(r.get("cost")) + "|" + r.get("publishingSeconds") + " "
                    + money(r.get("publishingCost")) + "|" + r.get("totalSeconds") + " " + money(r.get("totalCost"))
                    + "|" + r.get("messagesIn") + "|" + r.get("conversationsResolved") + "|"
                    + r.get("broadcastRecipients") + ">" + r.get("broadcastRepliedWithin48h") + "|"
                    + money(r.get("costPerResolvedConversation")));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<String> costRows(JsonPath report) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : report.getList("rows", Map.class)) {
            List<String> publishing = new ArrayList<>();
            ((List<Object>) r.get("publishingCosts")).forEach(m -> publishing.add(money(m)));
            rows.add(r.get("period") + "|" + r.get("channelId") + "|" + r.get("handlingSeconds") + "|"
                    + money(r.get("cost")) + "|" + r.get("publishingSeconds") + "|" + publishing + "|"
                    + r.get("conversationsHandled") + "|" + money(r.get("costPerResolvedConversation")));
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
