package io.switchboard.scheduling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Posts through the REST API: the workflow, per-channel validation, Quartz triggers, firing into the outbox and
 * publishing to X, a Facebook page and an SMS broadcast (WireMock), the calendar and missed occurrences. Each test
 * has a tenant of its own.
 */
@QuarkusTest
class PostsTest {

    @Inject
    Sql sql;

    @Inject
    PostFiring firing;

    @Inject
    io.switchboard.delivery.DeliveryDispatcher dispatcher;

    @Inject
    io.switchboard.delivery.DeliveryAttempts attempts;

    @Inject
    io.switchboard.common.SwitchboardConfig config;

    private final InboxFixture f = new InboxFixture("posts");
    private final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));
    private final String xToken = "x-token-" + suffix;
    private final String pageId = "7" + suffix;
    private final String accountSid = "AC"
            + java.util.HexFormat.of()
                    .formatHex(java.nio.ByteBuffer.allocate(16)
                            .putLong(Long.parseLong(suffix))
                            .array());
    private String xChannel;
    private String pageChannel;
    private String smsChannel;
    private String emailChannel;

    @BeforeEach
    void channels() {
        xChannel = channel("X", Map.of("userId", suffix, "consumerSecret", "cs" + suffix, "accessToken", xToken));
        pageChannel = channel(
                "FACEBOOK",
                Map.of(
                        "pageId", pageId,
                        "appSecret", "as" + suffix,
                        "verifyToken", "vt" + suffix,
                        "pageAccessToken", "pt" + suffix));
        smsChannel = channel(
                "SMS", Map.of("accountSid", accountSid, "authToken", "at" + suffix, "phoneNumber", "+15550001111"));
        emailChannel =
                channel("EMAIL", Map.of("address", "news@" + f.tenant + ".example", "signingKey", "sk" + suffix));
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(wireMock::removeStubMapping);
    }

    private String channel(String kind, Map<String, String> config) {
        return given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", kind + " " + suffix, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private void stub(MappingBuilder mapping) {
        stubs.add(wireMock.register(mapping));
    }

    private Map<String, Object> xPost(String text, Instant at) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("targets", List.of(Map.of("channelId", xChannel)));
        body.put("scheduledAt", at.toString());
        body.put("timeZone", "Europe/Berlin");
        return body;
    }

    private ValidatableResponse create(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/posts")
                .then();
    }

    private ValidatableResponse action(String token, String id, String action) {
        return given().auth()
                .oauth2(token)
                .post("/api/v1/posts/" + id + "/" + action)
                .then();
    }

    private ValidatableResponse get(String id) {
        return given().auth().oauth2(f.agent).get("/api/v1/posts/" + id).then().statusCode(200);
    }

    private long triggers(String postId) {
        return sql.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE JOB_NAME = ? AND JOB_GROUP = 'posts'", postId);
    }

    private void approvalRequired(boolean required) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("approvalRequired", required))
                .put("/api/v1/settings/publishing")
                .then()
                .statusCode(200);
    }

    private void contact(String name, String phone, List<String> labels) {
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("name", name, "phone", phone, "labels", labels))
                .post("/api/v1/contacts")
                .then()
                .statusCode(201);
    }

    @Test
    void agentsWriteAndSubmitManagersApproveAndApprovalPlansTheTrigger() {
        Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = create(f.agent, xPost("Our winter sale starts now ❄️", at))
                .statusCode(201)
                .header("ETag", "\"1\"")
                .body("status", equalTo("DRAFT"))
                .body("targets[0].kind", equalTo("X"))
                .body("nextRunAt", nullValue())
                .extract()
                .path("id");
        assertEquals(0, triggers(id));

        action(f.agent, id, "approve").statusCode(403);
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("PENDING_APPROVAL"));
        action(f.agent, id, "submit").statusCode(409);
        assertEquals(0, triggers(id));

        action(f.manager, id, "approve")
                .statusCode(200)
                .body("status", equalTo("SCHEDULED"))
                .body("nextRunAt", equalTo(at.toString()))
                .body("approvedBy", notNullValue());
        assertEquals(1, triggers(id));
        assertEquals(at.toEpochMilli(), sql.count("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", id));

        // An agent's edit of an approved post sends it back for approval; a manager's reschedules it.
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("text", "Our winter sale starts tomorrow ❄️"))
                .patch("/api/v1/posts/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING_APPROVAL"));
        assertEquals(0, triggers(id));
        action(f.manager, id, "approve").statusCode(200).body("status", equalTo("SCHEDULED"));
        Instant later = at.plus(2, ChronoUnit.HOURS);
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(Map.of("scheduledAt", later.toString()))
                .patch("/api/v1/posts/" + id)
                .then()
                .statusCode(412);
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("scheduledAt", later.toString()))
                .patch("/api/v1/posts/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("SCHEDULED"))
                .body("nextRunAt", equalTo(later.toString()));
        assertEquals(1, triggers(id));
        assertEquals(
                later.toEpochMilli(), sql.count("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", id));

        action(f.agent, id, "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(0, triggers(id));
        action(f.manager, id, "approve").statusCode(409);
    }

    @Test
    void everyChannelsLimitsAreCheckedWithTheTargetNamed() {
        Instant at = Instant.now().plus(1, ChronoUnit.DAYS);
        create(f.agent, xPost("x".repeat(281), at))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("post-rejected"))
                .body("errors[0].field", equalTo("targets[0]"))
                .body("errors[0].message", containsString("280"));

        Map<String, Object> smsAsTarget = xPost("Hello", at);
        smsAsTarget.put("targets", List.of(Map.of("channelId", smsChannel)));
        create(f.agent, smsAsTarget)
                .statusCode(422)
                .body("errors[0].field", equalTo("targets[0].channelId"))
                .body("errors[0].message", containsString("audience"));

        Map<String, Object> unknown = xPost("Hello", at);
        unknown.put("targets", List.of(Map.of("channelId", "no-such-channel")));
        create(f.agent, unknown).statusCode(422).body("errors[0].field", equalTo("targets[0].channelId"));

        Map<String, Object> emailWithoutSubject = xPost("Hello", at);
        emailWithoutSubject.put("targets", List.of());
        emailWithoutSubject.put("audience", Map.of("channelId", emailChannel, "label", "VIP"));
        create(f.agent, emailWithoutSubject)
                .statusCode(422)
                .body("errors[0].field", equalTo("audience"))
                .body("errors[0].message", containsString("subject"));

        // 161 GSM-7 characters are two segments; 11 UCS-2 segments are over the cap of 10.
        Map<String, Object> longSms = xPost("😀".repeat(400), at);
        longSms.put("targets", List.of());
        longSms.put("audience", Map.of("channelId", smsChannel, "label", "VIP"));
        create(f.agent, longSms)
                .statusCode(422)
                .body("errors[0].field", equalTo("audience"))
                .body("errors[0].message", containsString("UCS-2"));

        Map<String, Object> nowhere = xPost("Hello", at);
        nowhere.put("targets", List.of());
        create(f.agent, nowhere).statusCode(400).body("errors[0].field", equalTo("targets"));

        Map<String, Object> badZone = xPost("Hello", at);
        badZone.put("timeZone", "Mars/Olympus");
        create(f.agent, badZone).statusCode(400).body("errors[0].field", equalTo("timeZone"));

        Map<String, Object> badCron = xPost("Hello", at);
        badCron.put("recurrence", Map.of("cron", "0 25 * * *"));
        create(f.agent, badCron).statusCode(400).body("errors[0].field", equalTo("recurrence.cron"));

        assertEquals(0, sql.count("SELECT COUNT(*) FROM post WHERE tenant_id = ?", f.tenant));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSamePost() {
        Map<String, Object> body = xPost("Once only", Instant.now().plus(1, ChronoUnit.DAYS));
        String first = given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .header("Idempotency-Key", "post-" + suffix)
                .body(body)
                .post("/api/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .header("Idempotency-Key", "post-" + suffix)
                .body(body)
                .post("/api/v1/posts")
                .then()
                .statusCode(200)
                .body("id", equalTo(first));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM post WHERE tenant_id = ?", f.tenant));
    }

    @Test
    void aDuePostGoesToEveryTargetAndItsBroadcastToEveryContactWithTheLabel() {
        approvalRequired(false);
        contact("Ada", "+4915100000001", List.of("VIP"));
        contact("Ben", "+4915100000002", List.of("vip", "berlin"));
        contact("Cem", "+4915100000003", List.of("berlin"));
        String tweetId = "19" + suffix;
        stub(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"" + tweetId + "\",\"text\":\"sale\"}}")));
        stub(post(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/feed"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + pageId + "_77\"}")));
        TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, accountSid).forEach(stubs::add);

        Map<String, Object> body =
                xPost("Winter sale: 20% off everything", Instant.now().plusSeconds(2));
        body.put(
                "targets",
                List.of(
                        Map.of("channelId", xChannel, "text", "Winter sale on X: 20% off"),
                        Map.of("channelId", pageChannel)));
        body.put("audience", Map.of("channelId", smsChannel, "label", "VIP", "text", "VIP: winter sale, 20% off"));
        // Before sending, the author is told how many the broadcast reaches: the same members as the fan-out.
        given().auth()
                .oauth2(f.agent)
                .queryParam("channelId", smsChannel)
                .queryParam("label", " VIP ")
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(200)
                .body("recipients", equalTo(2))
                .body("label", equalTo("vip"))
                .body("kind", equalTo("SMS"))
                .body("dailyCap", notNullValue());
        String id = create(f.agent, body).statusCode(201).extract().path("id");
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("SCHEDULED"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(id).body("status", equalTo("PUBLISHED")));

        get(id).body("targets.status", containsInAnyOrder("SENT", "SENT"))
                .body("targets.find { it.kind == 'X' }.providerId", equalTo(tweetId))
                .body("targets.find { it.kind == 'FACEBOOK' }.providerId", equalTo(pageId + "_77"))
                .body("audience.recipients", equalTo(2))
                .body("audience.sent", equalTo(2))
                .body("audience.failed", equalTo(0))
                .body("publications[0].status", equalTo("PUBLISHED"))
                .body("publications[0].recipients", equalTo(4))
                .body("nextRunAt", nullValue());
        wireMock.verifyThat(
                1,
                postRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "Winter sale on X: 20% off")));
        wireMock.verifyThat(1, postRequestedFor(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/feed")));
        List<TwilioMessagesFake.Message> sms = TwilioMessagesFake.accepted(wireMock, ProviderApis.TWILIO, accountSid);
        assertEquals(2, sms.size(), sms.toString());
        assertEquals(
                List.of("+4915100000001", "+4915100000002"),
                sms.stream().map(TwilioMessagesFake.Message::to).sorted().toList());
        assertTrue(sms.stream().allMatch(m -> m.body().equals("VIP: winter sale, 20% off")));
        assertEquals(0, triggers(id));

        // The volume report counts what the post reached, by the kind of channel (the tenant's zone is UTC).
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        given().auth()
                .oauth2(f.manager)
                .queryParam("from", today.minusDays(1).toString())
                .queryParam("to", today.plusDays(2).toString())
                .queryParam("groupBy", "month")
                .get("/api/v1/reports/volume")
                .then()
                .statusCode(200)
                .body("rows.find { it.kind == 'X' }.postsPublished", equalTo(1))
                .body("rows.find { it.kind == 'FACEBOOK' }.postsPublished", equalTo(1))
                .body("rows.find { it.kind == 'SMS' }.broadcastRecipients", equalTo(2))
                .body("rows.find { it.kind == 'SMS' }.deliveryFailures", equalTo(0))
                .body("rows.find { it.kind == 'SMS' }.drillDown.posts", containsString("/api/v1/posts?from="));
    }

    @Test
    void aTargetThatFailsLeavesThePostPartiallyFailedWithTheProvidersReason() {
        approvalRequired(false);
        stub(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Forbidden\",\"detail\":\"You are not allowed to create a Tweet with"
                                + " duplicate content.\",\"status\":403}")));
        stub(post(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/feed"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + pageId + "_78\"}")));
        Map<String, Object> body = xPost("Same again", Instant.now().plusSeconds(1));
        body.put("targets", List.of(Map.of("channelId", xChannel), Map.of("channelId", pageChannel)));
        String id = create(f.agent, body).statusCode(201).extract().path("id");
        action(f.agent, id, "submit").statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(id).body("status", equalTo("PARTIALLY_FAILED")));
        get(id).body("targets.find { it.kind == 'X' }.status", equalTo("FAILED"))
                .body("targets.find { it.kind == 'X' }.error", containsString("duplicate content"))
                .body("targets.find { it.kind == 'FACEBOOK' }.status", equalTo("SENT"));
    }

    @Test
    void anOccurrenceFiredPastTheGracePeriodIsMissedAndItsAuthorIsTold() {
        approvalRequired(false);
        String id = create(f.agent, xPost("Flash sale!", Instant.now().plus(1, ChronoUnit.HOURS)))
                .statusCode(201)
                .extract()
                .path("id");
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("SCHEDULED"));
        // Every replica was down: the occurrence's trigger fires only an hour after its time.
        Instant occurrence = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        var column = java.time.LocalDateTime.ofInstant(occurrence, java.time.ZoneOffset.UTC);
        sql.update("UPDATE post SET scheduled_at = ?, next_run_at = ? WHERE id = ?", column, column, id);

        assertEquals(PostFiring.Outcome.MISSED, firing.fire(f.tenant, id, occurrence, null));
        assertEquals(PostFiring.Outcome.STALE, firing.fire(f.tenant, id, occurrence, null));

        get(id).body("status", equalTo("MISSED"))
                .body("publications[0].status", equalTo("MISSED"))
                .body("nextRunAt", nullValue());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM delivery WHERE tenant_id = ?", f.tenant));
        var mail = MailServer.awaitInbox("alice@" + f.tenant + ".example");
        assertTrue(mail.stream().anyMatch(m -> {
            try {
                return m.getSubject().contains("was missed");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }));
    }

    @Test
    void theCalendarExpandsRecurringPostsOnTheLocalClock() {
        approvalRequired(false);
        // Every day at 09:00 Berlin from 2027-03-25 on: across the switch to summer time on 2027-03-28.
        Map<String, Object> daily = xPost("Good morning", Instant.parse("2027-03-25T08:00:00Z"));
        daily.put("recurrence", Map.of("cron", "0 9 * * *"));
        String id = create(f.agent, daily).statusCode(201).extract().path("id");
        action(f.agent, id, "submit").statusCode(200).body("nextRunAt", equalTo("2027-03-25T08:00:00Z"));
        create(f.agent, xPost("Just a draft", Instant.parse("2027-03-26T10:00:00Z")))
                .statusCode(201);

        given().auth()
                .oauth2(f.agent)
                .queryParam("from", "2027-03-26T00:00:00Z")
                .queryParam("to", "2027-03-30T00:00:00Z")
                .get("/api/v1/posts")
                .then()
                .statusCode(200)
                .body(
                        "items.occurrenceAt",
                        org.hamcrest.Matchers.contains(
                                "2027-03-26T08:00:00Z",
                                "2027-03-27T08:00:00Z",
                                "2027-03-28T07:00:00Z",
                                "2027-03-29T07:00:00Z"))
                .body("items.postId", org.hamcrest.Matchers.everyItem(equalTo(id)))
                .body("items.status", hasItem("SCHEDULED"))
                .body("items[0].recurring", equalTo(true));
        // Local dates, as the reports take them: the tenant's days (its zone is UTC here).
        given().auth()
                .oauth2(f.agent)
                .queryParam("from", "2027-03-26")
                .queryParam("to", "2027-03-29")
                .get("/api/v1/posts")
                .then()
                .statusCode(200)
                .body(
                        "items.occurrenceAt",
                        org.hamcrest.Matchers.contains(
                                "2027-03-26T08:00:00Z", "2027-03-27T08:00:00Z", "2027-03-28T07:00:00Z"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("from", "2027-03-26")
                .queryParam("to", "next tuesday")
                .get("/api/v1/posts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("from", "2027-01-01T00:00:00Z")
                .queryParam("to", "2027-06-01T00:00:00Z")
                .get("/api/v1/posts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
    }

    @Test
    void aRecurringPostPlansItsNextOccurrenceAfterGoingOutAndStaysOnRecord() {
        approvalRequired(false);
        stub(post(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/feed"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + pageId + "_90\"}")));
        Instant first = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> body = xPost("Daily tip", first);
        body.put("targets", List.of(Map.of("channelId", pageChannel)));
        body.put("recurrence", Map.of("everyDays", 1));
        String id = create(f.agent, body).statusCode(201).extract().path("id");
        action(f.agent, id, "submit").statusCode(200).body("nextRunAt", equalTo(first.toString()));

        Instant next = first.plus(1, ChronoUnit.DAYS);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> get(id).body("publications[0].status", equalTo("PUBLISHED"))
                        .body("status", equalTo("SCHEDULED"))
                        .body("nextRunAt", equalTo(next.toString())));
        assertEquals(1, triggers(id));
        assertEquals(next.toEpochMilli(), sql.count("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", id));

        given().auth().oauth2(f.agent).delete("/api/v1/posts/" + id).then().statusCode(409);
        action(f.agent, id, "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(0, triggers(id));
        String draft = create(f.agent, xPost("Never mind", Instant.now().plus(1, ChronoUnit.DAYS)))
                .statusCode(201)
                .extract()
                .path("id");
        given().auth().oauth2(f.manager).delete("/api/v1/posts/" + draft).then().statusCode(204);
        given().auth().oauth2(f.agent).get("/api/v1/posts/" + draft).then().statusCode(404);
    }

    /**
     * An SMS broadcast to {@code count} new contacts labelled {@code label} (names from {@code namePrefix}, numbers
     * from {@code phonePrefix}), written and submitted an hour ahead; its id.
     */
    private String submittedBroadcast(String text, int count, String namePrefix, String phonePrefix, String label) {
        approvalRequired(false);
        for (int i = 0; i < count; i++) {
            contact(namePrefix + i, phonePrefix + (10 + i), List.of(label));
        }
        Map<String, Object> body = xPost(text, Instant.now().plus(1, ChronoUnit.HOURS));
        body.put("targets", List.of());
        body.put("audience", Map.of("channelId", smsChannel, "label", label));
        String postId = create(f.agent, body).statusCode(201).extract().path("id");
        action(f.agent, postId, "submit").statusCode(200);
        return postId;
    }

    /** Moves the post's occurrence to now and fires it, as its trigger would: its deliveries are due. */
    private void fireNow(String postId) {
        Instant occurrence = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var column = java.time.LocalDateTime.ofInstant(occurrence, java.time.ZoneOffset.UTC);
        sql.update("UPDATE post SET scheduled_at = ?, next_run_at = ? WHERE id = ?", column, column, postId);
        assertEquals(PostFiring.Outcome.PUBLISHING, firing.fire(f.tenant, postId, occurrence, null));
    }

    @Test
    void aReplyGoesOutBeforeABroadcastsBacklog() {
        String postId = submittedBroadcast("Concert tonight", 20, "Fan ", "+49151000001", "fans");
        String base = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("switchboard.providers.x.base-url", String.class)
                .replaceAll("/x$", "");
        stub(post(urlPathEqualTo("/replies-" + suffix)).willReturn(aResponse().withStatus(200)));
        TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, accountSid).forEach(stubs::add);
        String api = f.channel("Shop " + suffix, Map.of("replyUrl", base + "/replies-" + suffix));
        String conversation = f.send(api, "m-" + suffix, "u-" + suffix, "Uma", "Where is my order?");
        dispatcher.pause();
        try {
            // The broadcast's 20 deliveries are due first; the reply is written after them.
            fireNow(postId);
            String reply = given().auth()
                    .oauth2(f.agent)
                    .contentType("application/json")
                    .body(Map.of("type", "REPLY", "text", "On its way!"))
                    .post("/api/v1/conversations/" + conversation + "/messages")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");

            List<io.switchboard.delivery.DeliveryAttempts.Claim> first =
                    attempts.claim(1, Instant.now().plusSeconds(1));
            assertEquals(1, first.size());
            assertEquals(reply, first.get(0).messageId(), "the reply is claimed before the older broadcast rows");
            java.util.concurrent.CompletableFuture.runAsync(() -> attempts.process(first.get(0)))
                    .join();
        } finally {
            dispatcher.resume();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(postId).body("status", equalTo("PUBLISHED")));
        get(postId).body("audience.recipients", equalTo(20)).body("audience.sent", equalTo(20));
    }

    @Test
    void broadcastDeliveriesClaimedAheadAndGivenBackGoOutOnceWithTheirAttemptsIntact() {
        String postId = submittedBroadcast("Doors open at eight", 5, "Friend ", "+49151000002", "friends");
        TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, accountSid).forEach(stubs::add);
        dispatcher.pause();
        try {
            fireNow(postId);

            List<io.switchboard.delivery.DeliveryAttempts.Claim> claimed =
                    attempts.claim(0, 5, Instant.now().plusSeconds(1));
            assertEquals(5, claimed.size());
            assertTrue(claimed.stream().allMatch(claim -> claim.publication() && attempts.leaseLastsASend(claim)));
            assertTrue(
                    claimed.stream().allMatch(claim -> claim.recipientAddress().startsWith("+49151000002")));
            // The same claims after they waited for a sender until their lease nearly ran out: given back unsent.
            List<io.switchboard.delivery.DeliveryAttempts.Claim> waited = claimed.stream()
                    .map(c -> new io.switchboard.delivery.DeliveryAttempts.Claim(
                            c.deliveryId(),
                            c.tenantId(),
                            c.messageId(),
                            c.conversationId(),
                            c.channelId(),
                            c.attempt(),
                            c.scheduled(),
                            c.token(),
                            c.publicationItemId(),
                            c.takenOverSince(),
                            c.firstDue(),
                            c.recipientAddress(),
                            c.channelVersion(),
                            Instant.now().plusSeconds(1)))
                    .toList();
            assertTrue(waited.stream().noneMatch(attempts::leaseLastsASend));
            attempts.release(waited);
            List<io.switchboard.delivery.DeliveryAttempts.Claim> fresh =
                    attempts.claim(0, 5, Instant.now().plusSeconds(1));
            assertEquals(5, fresh.size());
            assertTrue(fresh.stream().allMatch(claim -> claim.attempt() == 1), "giving back does not use up attempts");
            // A replica that stops gives back what it claimed ahead; the next claim takes it at once.
            attempts.release(fresh);
        } finally {
            dispatcher.resume();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get(postId).body("status", equalTo("PUBLISHED")));
        get(postId).body("audience.recipients", equalTo(5)).body("audience.sent", equalTo(5));
        assertEquals(
                List.of(1L, 1L, 1L, 1L, 1L),
                sql
                        .column(
                                "SELECT attempts FROM delivery WHERE publication_id IN"
                                        + " (SELECT id FROM publication WHERE post_id = ?) ORDER BY id",
                                postId)
                        .stream()
                        .map(n -> ((Number) n).longValue())
                        .toList());
        long toFriends = TwilioMessagesFake.accepted(wireMock, ProviderApis.TWILIO, accountSid).stream()
                .filter(m -> m.to().startsWith("+49151000002"))
                .count();
        assertEquals(5, toFriends, "each friend got the broadcast once");
    }

    @Test
    void anotherTenantSeesNothing() {
        String id = create(f.agent, xPost("Ours", Instant.now().plus(1, ChronoUnit.DAYS)))
                .statusCode(201)
                .extract()
                .path("id");
        InboxFixture other = new InboxFixture("posts-other");
        given().auth().oauth2(other.manager).get("/api/v1/posts/" + id).then().statusCode(404);
        given().auth()
                .oauth2(other.manager)
                .post("/api/v1/posts/" + id + "/approve")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(other.agent)
                .get("/api/v1/posts")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void aManagerSendsAPendingPostBackWithACommentAndItsAuthorReadsIt() {
        approvalRequired(true);
        String id = create(f.agent, xPost("Sale soon", Instant.now().plus(1, ChronoUnit.DAYS)))
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("comment", "Say when"))
                .post("/api/v1/posts/" + id + "/send-back")
                .then()
                .statusCode(409);
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("PENDING_APPROVAL"));
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("comment", "Say when"))
                .post("/api/v1/posts/" + id + "/send-back")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("comment", "  "))
                .post("/api/v1/posts/" + id + "/send-back")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(Map.of("comment", "Say when"))
                .post("/api/v1/posts/" + id + "/send-back")
                .then()
                .statusCode(412);

        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("comment", "Say which day the sale starts"))
                .post("/api/v1/posts/" + id + "/send-back")
                .then()
                .statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("nextRunAt", nullValue());
        assertEquals(0, triggers(id));
        get(id).body("sentBack.comment", equalTo("Say which day the sale starts"))
                .body("sentBack.by", equalTo(f.operatorId(f.manager)))
                .body("sentBack.at", notNullValue());

        // The author changes it and submits again; a manager approves what was asked for.
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("text", "Sale starts Monday"))
                .patch("/api/v1/posts/" + id)
                .then()
                .statusCode(200);
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("PENDING_APPROVAL"));
        action(f.manager, id, "approve").statusCode(200).body("status", equalTo("SCHEDULED"));
        assertEquals(1, triggers(id));
    }

    @Test
    void authorsSeeThePublishingChannelsWithTheLimitsTheyAreCheckedAgainst() {
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/posts/channels")
                .then()
                .statusCode(200)
                .body("timeZone", notNullValue())
                .body("items.size()", equalTo(4))
                .body("items.find { it.id == '" + xChannel + "' }.mode", equalTo("FEED"))
                .body("items.find { it.id == '" + xChannel + "' }.limits.maxLength", equalTo(280))
                .body("items.find { it.id == '" + xChannel + "' }.limits.lengthUnit", equalTo("X_WEIGHTED"))
                .body("items.find { it.id == '" + pageChannel + "' }.limits.maxLength", equalTo(63_206))
                .body("items.find { it.id == '" + smsChannel + "' }.mode", equalTo("BROADCAST"))
                .body("items.find { it.id == '" + smsChannel + "' }.limits.maxSegments", equalTo(10))
                .body("items.find { it.id == '" + emailChannel + "' }.limits.subjectRequired", equalTo(true));

        // A disabled channel is not offered; an API channel never is.
        given().auth()
                .oauth2(f.admin)
                .delete("/api/v1/channels/" + pageChannel)
                .then()
                .statusCode(204);
        f.channel("Chat " + suffix);
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/posts/channels")
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(xChannel, smsChannel, emailChannel));
    }

    @Test
    void anAudienceCountNeedsABroadcastChannelOfTheTenantAndALabel() {
        contact("Ada", "+4915100000001", List.of("vip"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("channelId", emailChannel)
                .queryParam("label", "vip")
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(200)
                .body("recipients", equalTo(0)); // no email address on her profile
        given().auth()
                .oauth2(f.agent)
                .queryParam("channelId", xChannel)
                .queryParam("label", "vip")
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("channelId"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("channelId", smsChannel)
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("label"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("channelId", smsChannel)
                .queryParam("label", "a,b")
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("label"));
        InboxFixture other = new InboxFixture("posts-other");
        given().auth()
                .oauth2(other.agent)
                .queryParam("channelId", smsChannel)
                .queryParam("label", "vip")
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("channelId"));
    }
}
