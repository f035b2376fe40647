package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies through the outbox end to end: the API writes them, the replica's dispatcher sends them to an API
 * channel's reply URL (WireMock plays the integration), and the outcome shows on the message and in the history.
 */
@QuarkusTest
class ReplyDeliveryTest {

    private static final String SECRET = "reply-signing-secret-0123456789";
    private static WireMockServer provider;

    @Inject
    Sql sql;

    @Inject
    ObjectMapper mapper;

    @Inject
    IdempotencyKeys keys;

    @Inject
    SwitchboardConfig config;

    @Inject
    DeliveryDispatcher dispatcher;

    private final InboxFixture f = new InboxFixture("outbox");
    private final Replies replies = new Replies(f);

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(options().dynamicPort().containerThreads(40));
        provider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    /** An API channel whose replies go to a path of their own, and a conversation on it. */
    private record Setup(String path, String channelId, String conversationId) {}

    private Setup setup(ResponseDefinitionBuilder... responses) {
        String path = "/replies/" + UUID.randomUUID();
        for (int i = 0; i < responses.length; i++) {
            var stub = post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(i == 0 ? STARTED : "after-" + i);
            if (i < responses.length - 1) {
                stub.willSetStateTo("after-" + (i + 1));
            }
            provider.stubFor(stub.willReturn(responses[i]));
        }
        String channel =
                f.channel("Shop app", Map.of("replyUrl", provider.baseUrl() + path, "replySigningSecret", SECRET));
        Map<String, Object> inbound = InboxFixture.message("in-" + path.substring(9), "user-7", "Ann", "Wo bleibt 📦?");
        inbound.put("threadKey", "order-42");
        String conversation =
                f.deliver(channel, inbound).statusCode(201).extract().path("conversationId");
        return new Setup(path, channel, conversation);
    }

    private List<LoggedRequest> requests(Setup s) {
        return provider.findAll(postRequestedFor(urlEqualTo(s.path())));
    }

    private long attempts(String messageId) {
        return ((Number) sql.single("SELECT attempts FROM delivery WHERE message_id = ?", messageId)).longValue();
    }

    private String lastError(String messageId) {
        return (String) sql.single("SELECT last_error FROM delivery WHERE message_id = ?", messageId);
    }

    @Test
    void aReplyIsSentSignedAndRecorded() throws Exception {
        Setup s = setup(okJson("{\"id\":\"shop-msg-1\"}"));
        Map<String, Object> body = Replies.text("  Ist unterwegs – morgen da 🚚  ");
        body.put("attachments", List.of(Map.of("url", "https://files.example.com/label.pdf", "name", "label.pdf")));
        var accepted = replies.post(s.conversationId(), body, null)
                .statusCode(202)
                .header("Location", containsString("/messages/"))
                .body("direction", equalTo("OUTBOUND"))
                .body("deliveryStatus", equalTo("QUEUED"))
                .body("text", equalTo("Ist unterwegs – morgen da 🚚"))
                .body("authorOperatorId", equalTo(f.operatorId(f.agent)))
                .extract();
        String id = accepted.path("id");
        replies.awaitStatus(s.conversationId(), id, "SENT");
        replies.message(s.conversationId(), id).body("externalId", equalTo("shop-msg-1"));

        List<LoggedRequest> sent = requests(s);
        assertEquals(1, sent.size());
        LoggedRequest request = sent.get(0);
        String deliveryId = (String) sql.single("SELECT id FROM delivery WHERE message_id = ?", id);
        assertEquals(deliveryId, request.getHeader("Idempotency-Key"));
        assertEquals("sha256=" + hmacHex(SECRET, request.getBody()), request.getHeader("X-Switchboard-Signature"));
        JsonNode json = mapper.readTree(request.getBody());
        assertEquals(id, json.get("messageId").asText());
        assertEquals(s.conversationId(), json.get("conversationId").asText());
        assertEquals("user-7", json.get("recipient").asText());
        assertEquals("Ist unterwegs – morgen da 🚚", json.get("text").asText());
        assertEquals("order-42", json.get("threadKey").asText());
        assertEquals("in-" + s.path().substring(9), json.get("inReplyTo").asText());
        assertEquals(
                "https://files.example.com/label.pdf",
                json.get("attachments").get(0).get("url").asText());
        assertEquals("label.pdf", json.get("attachments").get(0).get("name").asText());

        // The reply is the conversation's latest activity; its history tells each step of the delivery.
        f.conversation(f.agent, s.conversationId())
                .body("lastMessagePreview", equalTo("Ist unterwegs – morgen da 🚚"))
                .body("status", equalTo("OPEN"));
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + s.conversationId() + "/events")
                .then()
                .body("items.type", hasItems("REPLY_ADDED", "DELIVERY_UPDATED"))
                .body(
                        "items.findAll { it.type == 'DELIVERY_UPDATED' }.data.status",
                        equalTo(List.of("SENDING", "SENT")))
                .body(
                        "items.find { it.type == 'DELIVERY_UPDATED' && it.data.status == 'SENT' }.data",
                        equalTo(Map.of(
                                "messageId",
                                id,
                                "deliveryId",
                                deliveryId,
                                "status",
                                "SENT",
                                "attempts",
                                1,
                                "providerId",
                                "shop-msg-1")));
    }

    @Test
    void aReplyAnswersTheCustomersMessageAfterMoreRepliesThanItReadsFirst() throws Exception {
        Setup s = setup(okJson("{}"));
        // A reply first reads the thread's 20 newest external ids; 21 sent replies (each keeps its own id as the
        // integration gives none) push the customer's message out of them.
        for (int i = 0; i < 21; i++) {
            replies.awaitStatus(
                    s.conversationId(), replies.send(s.conversationId(), Replies.text("Antwort " + i)), "SENT");
        }
        String last = replies.send(s.conversationId(), Replies.text("Noch etwas"));
        replies.awaitStatus(s.conversationId(), last, "SENT");
        List<LoggedRequest> sent = requests(s);
        assertEquals(22, sent.size());
        JsonNode json = sent.stream()
                .map(request -> {
                    try {
                        return mapper.readTree(request.getBody());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .filter(body -> body.get("messageId").asText().equals(last))
                .findFirst()
                .orElseThrow();
        assertEquals("in-" + s.path().substring(9), json.get("inReplyTo").asText());
        assertEquals("user-7", json.get("recipient").asText());
    }

    @Test
    void aServerErrorIsRetried() {
        Setup s = setup(aResponse().withStatus(500).withBody("boom"), okJson("{}"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        replies.awaitStatus(s.conversationId(), id, "SENT");
        assertEquals(2, requests(s).size());
        assertEquals(2, attempts(id));
        // Without an id in the integration's answer, the message keeps ours.
        replies.message(s.conversationId(), id).body("externalId", equalTo(id));
        assertNull(lastError(id));
    }

    @Test
    void aTimeoutIsRetried() {
        Setup s = setup(aResponse().withFixedDelay(3_000).withStatus(200).withBody("{}"), okJson("{\"id\":\"t-2\"}"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        replies.awaitStatus(s.conversationId(), id, "SENT");
        assertEquals(2, attempts(id));
        replies.message(s.conversationId(), id).body("externalId", equalTo("t-2"));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        Setup s = setup(
                aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("slow down"),
                okJson("{\"id\":\"r-1\"}"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        replies.awaitStatus(s.conversationId(), id, "SENT");
        List<LoggedRequest> sent = requests(s);
        assertEquals(2, sent.size());
        // The test's backoff is at most 1 s: the 2 s between the attempts are the provider's Retry-After.
        Duration between = Duration.between(
                        sent.get(1).getLoggedDate().toInstant(),
                        sent.get(0).getLoggedDate().toInstant())
                .abs();
        assertTrue(between.compareTo(Duration.ofMillis(1_900)) >= 0, "retried after " + between);
    }

    @Test
    void aClientErrorFailsAtOnceWithItsStatus() {
        Setup s = setup(aResponse().withStatus(400).withBody("{\"error\":\"unknown recipient\"}"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        replies.awaitStatus(s.conversationId(), id, "FAILED");
        assertEquals(1, requests(s).size());
        assertEquals(1, attempts(id));
        assertEquals("HTTP 400", lastError(id), "an integration's answer is never quoted");
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + s.conversationId() + "/events")
                .then()
                .body(
                        "items.find { it.type == 'DELIVERY_UPDATED' && it.data.status == 'FAILED' }.data.error",
                        equalTo("HTTP 400"));
        // The thread tells why, from the delivery, beside the status it mirrors.
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + s.conversationId() + "/messages")
                .then()
                .body("items.find { it.id == '" + id + "' }.deliveryStatus", equalTo("FAILED"))
                .body("items.find { it.id == '" + id + "' }.failureReason", equalTo("HTTP 400"))
                .body("items.find { it.id == '" + id + "' }.sendAt", nullValue())
                .body("items.find { it.direction == 'INBOUND' }.failureReason", nullValue());
    }

    @Test
    void transientFailuresGiveUpAfterTheLastAttempt() {
        Setup s = setup(aResponse().withStatus(503).withBody("down for maintenance"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        replies.awaitStatus(s.conversationId(), id, "FAILED");
        assertEquals(4, requests(s).size()); // %test max-attempts
        assertEquals(4, attempts(id));
        assertTrue(lastError(id).startsWith("Gave up after 4 attempts over "), lastError(id));
        assertTrue(lastError(id).endsWith(" minutes: HTTP 503"), lastError(id));
    }

    @Test
    void aDeliveryDueLongerAgoThanTheGiveUpTimeFailsAtItsNextTransientFailure() {
        Setup s = setup(aResponse().withStatus(503).withBody("still down"));
        Map<String, Object> later = new java.util.HashMap<>(Replies.text("Hallo"));
        later.put(
                "sendAt",
                java.time.Instant.now()
                        .plus(1, java.time.temporal.ChronoUnit.HOURS)
                        .toString());
        String id = replies.send(s.conversationId(), later);
        // As if it had been due for two days while the provider was down (switchboard.delivery.give-up-after 24h).
        sql.update(
                "UPDATE delivery SET send_at = UTC_TIMESTAMP(6) - INTERVAL 2 DAY, due_at = UTC_TIMESTAMP(6),"
                        + " status = 'QUEUED' WHERE message_id = ?",
                id);
        replies.awaitStatus(s.conversationId(), id, "FAILED");
        assertEquals(1, requests(s).size());
        assertTrue(lastError(id).startsWith("Gave up after 1 attempt over 28"), lastError(id));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameReplyAndSendsOnce() throws Exception {
        Setup s = setup(okJson("{\"id\":\"once\"}"));
        String key = "retry-" + UUID.randomUUID();
        String first = replies.post(s.conversationId(), Replies.text("Nur einmal"), key)
                .statusCode(202)
                .extract()
                .path("id");
        replies.awaitStatus(s.conversationId(), first, "SENT");
        replies.post(s.conversationId(), Replies.text("Nur einmal"), key)
                .statusCode(202)
                .body("id", equalTo(first))
                .body("deliveryStatus", equalTo("SENT"));
        replies.post(s.conversationId(), Replies.text("Etwas anderes"), key)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:idempotency-key-reused"));
        assertEquals(1, requests(s).size());
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'",
                        s.conversationId()));

        // Concurrent retries with one key: one reply.
        String concurrentKey = "burst-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<String> call =
                        () -> replies.post(s.conversationId(), Replies.text("Gleichzeitig"), concurrentKey)
                                .statusCode(202)
                                .extract()
                                .path("id");
                ids.add(pool.submit(call));
            }
            String one = ids.get(0).get();
            for (Future<String> id : ids) {
                assertEquals(one, id.get());
            }
            replies.awaitStatus(s.conversationId(), one, "SENT");
        } finally {
            pool.shutdown();
        }
        assertEquals(2, requests(s).size());
        assertEquals(
                2,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'",
                        s.conversationId()));

        // Once forgotten, a key starts a new reply.
        keys.purge(Instant.now().plus(Duration.ofDays(2)));
        String later = replies.post(s.conversationId(), Replies.text("Nur einmal"), key)
                .statusCode(202)
                .extract()
                .path("id");
        assertTrue(!later.equals(first));
    }

    @Test
    void concurrentRepliesToOneConversationAreAllAccepted() throws Exception {
        Setup s = setup(okJson("{}"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "Antwort " + i;
                ids.add(pool.submit(() -> replies.send(s.conversationId(), Replies.text(text))));
            }
            for (Future<String> id : ids) {
                replies.awaitStatus(s.conversationId(), id.get(), "SENT");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(8, requests(s).size());
    }

    @Test
    void repliesTakeNoMoreThanTheirSendersWhenMoreAreQueued() throws Exception {
        int replySenders = config.delivery().replyWorkers();
        assertTrue(
                config.delivery().workers() > replySenders + 4, "the replica has senders that replies must not take");
        int count = replySenders + 4;
        // Below the tests' provider timeout (1 s), so that every send is answered.
        Duration answerTime = Duration.ofMillis(600);
        Setup s = setup(okJson("{}").withFixedDelay((int) answerTime.toMillis()));
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<String> ids = new ArrayList<>();
        // Every reply is queued before the dispatcher looks: writing them may take longer than an answer.
        dispatcher.pause();
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String text = "Antwort " + i;
                posted.add(pool.submit(() -> replies.send(s.conversationId(), Replies.text(text))));
            }
            for (Future<String> id : posted) {
                ids.add(id.get());
            }
        } finally {
            dispatcher.resume();
            pool.shutdown();
        }
        for (String id : ids) {
            replies.awaitStatus(s.conversationId(), id, "SENT");
        }
        // A send that had to wait for a reply's sender reached the provider only once an earlier one was answered.
        List<Instant> received = requests(s).stream()
                .map(request -> request.getLoggedDate().toInstant())
                .sorted()
                .toList();
        assertEquals(count, received.size());
        Instant firstAnswered = received.get(0).plus(answerTime);
        long beforeAnyAnswer =
                received.stream().filter(at -> at.isBefore(firstAnswered)).count();
        assertEquals(replySenders, beforeAnyAnswer, "replies in flight before the first answer: " + received);
    }

    @Test
    void aScheduledReplyWaitsForItsTime() {
        Setup s = setup(okJson("{\"id\":\"later\"}"));
        Instant sendAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> body = Replies.text("Guten Morgen!");
        body.put("sendAt", sendAt.toString());
        String id = replies.post(s.conversationId(), body, null)
                .statusCode(202)
                .body("deliveryStatus", equalTo("SCHEDULED"))
                .body("sendAt", equalTo(sendAt.toString()))
                .body("failureReason", nullValue())
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + s.conversationId() + "/messages/" + id)
                .then()
                .body("sendAt", equalTo(sendAt.toString()));
        // Written, but not yet the conversation's latest activity.
        f.conversation(f.agent, s.conversationId()).body("lastMessagePreview", equalTo("Wo bleibt 📦?"));
        replies.awaitStatus(s.conversationId(), id, "SENT");
        List<LoggedRequest> sent = requests(s);
        assertEquals(1, sent.size());
        assertTrue(!sent.get(0).getLoggedDate().toInstant().isBefore(sendAt), "sent before its time");
        f.conversation(f.agent, s.conversationId()).body("lastMessagePreview", equalTo("Guten Morgen!"));
    }

    @Test
    void aRepliesAnswerIsWhatReadingItBackShows() {
        // The POST answers from what it wrote; a later GET reads the stored rows. Nanoseconds in the send time and
        // an attachment show both round the same way.
        Setup s = setup(okJson("{\"id\":\"answer\"}"));
        Map<String, Object> body = Replies.text("  Bis morgen  ");
        body.put(
                "sendAt",
                Instant.now().plus(Duration.ofHours(1)).plusNanos(123_456_789).toString());
        body.put("attachments", List.of(Map.of("url", "https://files.example.com/plan.pdf", "name", "plan.pdf")));
        Map<String, Object> answer = replies.post(s.conversationId(), body, null)
                .statusCode(202)
                .extract()
                .jsonPath()
                .getMap("");
        String id = (String) answer.get("id");
        assertEquals(
                replies.message(s.conversationId(), id).extract().jsonPath().getMap(""), answer);
        assertEquals("SCHEDULED", answer.get("deliveryStatus"));
        assertEquals("Bis morgen", answer.get("text"));

        // Sent now: the same but for its status, which the dispatcher may have moved on already.
        Map<String, Object> now = replies.post(s.conversationId(), Replies.text("Jetzt"), null)
                .statusCode(202)
                .extract()
                .jsonPath()
                .getMap("");
        assertEquals("QUEUED", now.get("deliveryStatus"));
        Map<String, Object> read = new java.util.HashMap<>(replies.message(s.conversationId(), (String) now.get("id"))
                .extract()
                .jsonPath()
                .getMap(""));
        read.put("deliveryStatus", "QUEUED");
        assertEquals(read, now);
        replies.awaitStatus(s.conversationId(), (String) now.get("id"), "SENT");
    }

    @Test
    void aScheduledReplyCanBeEditedSentNowOrCancelled() {
        Setup s = setup(okJson("{\"id\":\"edited\"}"));
        Map<String, Object> body = Replies.text("Entwurf");
        body.put("sendAt", Instant.now().plus(Duration.ofHours(1)).toString());
        String id = replies.send(s.conversationId(), body);
        String cancelled = replies.send(s.conversationId(), body);
        String messages = "/api/v1/conversations/" + s.conversationId() + "/messages/";

        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("text", "Endgültig"))
                .patch(messages + id)
                .then()
                .statusCode(200)
                .body("text", equalTo("Endgültig"))
                .body("deliveryStatus", equalTo("SCHEDULED"));
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("sendAt", Instant.now().toString()))
                .patch(messages + id)
                .then()
                .statusCode(200)
                .body("deliveryStatus", equalTo("QUEUED"));
        replies.awaitStatus(s.conversationId(), id, "SENT");
        assertEquals(1, requests(s).size());
        assertTrue(requests(s).get(0).getBodyAsString().contains("Endgültig"));
        // Too late to change now.
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("text", "Nachtrag"))
                .patch(messages + id)
                .then()
                .statusCode(409);
        given().auth().oauth2(f.agent).post(messages + id + "/cancel").then().statusCode(409);

        for (int i = 0; i < 2; i++) { // cancelling again is harmless
            given().auth()
                    .oauth2(f.agent)
                    .post(messages + cancelled + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("deliveryStatus", equalTo("CANCELLED"));
        }
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("text", "doch"))
                .patch(messages + cancelled)
                .then()
                .statusCode(409);
        assertEquals(
                0, sql.count("SELECT COUNT(*) FROM delivery WHERE message_id = ? AND due_at IS NOT NULL", cancelled));
        assertEquals(1, requests(s).size());
    }

    @Test
    void badRepliesAreRefusedAndNothingIsStored() {
        Setup s = setup(okJson("{}"));
        Map<String, Object> past = Replies.text("Gestern");
        past.put("sendAt", Instant.now().minus(Duration.ofHours(1)).toString());
        replies.post(s.conversationId(), past, null).statusCode(400).body("errors[0].field", equalTo("sendAt"));
        replies.post(s.conversationId(), Replies.text("x"), "not a key")
                .statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .patch("/api/v1/channels/" + s.channelId())
                .then()
                .statusCode(200);
        replies.post(s.conversationId(), Replies.text("Hallo"), null)
                .statusCode(422)
                .body("type", equalTo("urn:switchboard:problem:channel-disabled"));
        assertEquals(
                0,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'",
                        s.conversationId()));
        assertEquals(0, requests(s).size());
    }

    @Test
    void anotherTenantSeesNoConversationToReplyTo() {
        Setup s = setup(okJson("{}"));
        String id = replies.send(s.conversationId(), Replies.text("Hallo"));
        String stranger = TestTokens.token(TestTokens.newTenant("other"), "eve", "admin");
        String messages = "/api/v1/conversations/" + s.conversationId() + "/messages";
        given().auth()
                .oauth2(stranger)
                .contentType("application/json")
                .body(Replies.text("Hijack"))
                .post(messages)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(stranger)
                .post(messages + "/" + id + "/cancel")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(stranger)
                .contentType("application/json")
                .body(Map.of("text", "x"))
                .patch(messages + "/" + id)
                .then()
                .statusCode(404);
        replies.awaitStatus(s.conversationId(), id, "SENT");
        assertEquals(1, requests(s).size());
    }

    private static String hmacHex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
