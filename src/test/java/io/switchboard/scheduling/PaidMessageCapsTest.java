package io.switchboard.scheduling;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily caps on paid messages (SMS here; email is counted the same way): a broadcast whose audience does not fit
 * is refused when submitted or approved, sends nothing at all when it no longer fits at its time, two broadcasts
 * fired at once never pass the cap together, and a reply over the cap is refused. Each test has a tenant of its own
 * with a low cap of its own.
 */
@QuarkusTest
class PaidMessageCapsTest {

    @Inject
    Sql sql;

    @Inject
    PostFiring firing;

    private final InboxFixture f = new InboxFixture("caps");
    private final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();
    private final String authToken = HexFormat.of().formatHex(randomBytes());
    private final String accountSid = "AC" + authToken;
    private Map<String, String> sms;
    private int contacts;

    @BeforeEach
    void smsChannel() {
        sms = given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Offers",
                        "config",
                        Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", "+15550001111")))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
        stubs.addAll(TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, accountSid));
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(wireMock::removeStubMapping);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private void smsPerDay(int cap) {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("smsPerDay", cap))
                .put("/api/v1/settings/limits")
                .then()
                .statusCode(200)
                .body("smsPerDay", equalTo(cap));
    }

    private ValidatableResponse limits() {
        return given().auth()
                .oauth2(f.manager)
                .get("/api/v1/settings/limits")
                .then()
                .statusCode(200);
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

    private void contacts(String label, int count) {
        for (int i = 0; i < count; i++) {
            contacts++;
            given().auth()
                    .oauth2(f.agent)
                    .contentType("application/json")
                    .body(Map.of(
                            "name", "Contact " + contacts,
                            "phone", String.format("+49151%08d", contacts),
                            "labels", List.of(label)))
                    .post("/api/v1/contacts")
                    .then()
                    .statusCode(201);
        }
    }

    private String broadcast(String label) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", "Spring offers");
        body.put("audience", Map.of("channelId", sms.get("id"), "label", label));
        body.put(
                "scheduledAt",
                Instant.now()
                        .plus(1, ChronoUnit.HOURS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        body.put("timeZone", "UTC");
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private ValidatableResponse action(String token, String id, String action) {
        return given().auth()
                .oauth2(token)
                .post("/api/v1/posts/" + id + "/" + action)
                .then();
    }

    private ValidatableResponse post(String id) {
        return given().auth().oauth2(f.agent).get("/api/v1/posts/" + id).then().statusCode(200);
    }

    private Instant nextRun(String id) {
        return Instant.parse(post(id).extract().path("nextRunAt"));
    }

    @Test
    void aBroadcastLargerThanWhatItsDayHasLeftIsRefusedWhenSubmittedAndWhenApproved() {
        smsPerDay(2);
        contacts("vip", 3);
        String id = broadcast("vip");

        action(f.agent, id, "submit")
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:fan-out-cap-exceeded"))
                .body("detail", containsString("has 3 recipients, more than what is left of the day's cap"))
                .body("detail", containsString("daily cap of 2 SMS"));
        post(id).body("status", equalTo("DRAFT"));

        smsPerDay(3);
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("PENDING_APPROVAL"));
        // The cap went down while the post waited for approval: the manager is told, nothing is scheduled.
        smsPerDay(2);
        action(f.manager, id, "approve")
                .statusCode(422)
                .body("type", equalTo("urn:switchboard:problem:fan-out-cap-exceeded"));
        post(id).body("status", equalTo("PENDING_APPROVAL")).body("nextRunAt", nullValue());
        smsPerDay(3);
        action(f.manager, id, "approve").statusCode(200).body("status", equalTo("SCHEDULED"));
    }

    @Test
    void aBroadcastWhoseAudienceOutgrewTheCapSendsNothingAndFailsWithTheReason() {
        approvalRequired(false);
        smsPerDay(3);
        contacts("vip", 3);
        String id = broadcast("vip");
        action(f.agent, id, "submit").statusCode(200).body("status", equalTo("SCHEDULED"));
        // One more contact joins the audience before the post's time.
        contacts("vip", 1);

        assertEquals(PostFiring.Outcome.OVER_CAP, firing.fire(f.tenant, id, nextRun(id), null));

        post(id).body("status", equalTo("FAILED"))
                .body("publications[0].status", equalTo("FAILED"))
                .body("publications[0].recipients", equalTo(0))
                .body("publications[0].failureReason", startsWith("Not sent: The broadcast's audience"))
                .body("publications[0].failureReason", containsString("has 4 recipients, more than what is left"))
                .body("publications[0].failureReason", containsString("daily cap of 3 SMS"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM delivery WHERE tenant_id = ?", f.tenant));
        limits().body("usageToday.sms", equalTo(0)).body("usageToday.smsRemaining", equalTo(3));
    }

    @Test
    void twoBroadcastsFiredAtOnceNeverPassTheCapTogether() throws Exception {
        approvalRequired(false);
        smsPerDay(5);
        contacts("north", 3);
        contacts("south", 3);
        String north = broadcast("north");
        String south = broadcast("south");
        action(f.agent, north, "submit").statusCode(200);
        action(f.agent, south, "submit").statusCode(200);
        Instant northAt = nextRun(north);
        Instant southAt = nextRun(south);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<PostFiring.Outcome> first = pool.submit(() -> {
                start.await();
                return firing.fire(f.tenant, north, northAt, null);
            });
            Future<PostFiring.Outcome> second = pool.submit(() -> {
                start.await();
                return firing.fire(f.tenant, south, southAt, null);
            });
            start.countDown();
            assertEquals(
                    Set.of(PostFiring.Outcome.PUBLISHING, PostFiring.Outcome.OVER_CAP),
                    Set.of(first.get(), second.get()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, sql.count("SELECT COUNT(*) FROM delivery WHERE tenant_id = ?", f.tenant));
        limits().body("usageToday.sms", equalTo(3)).body("usageToday.smsRemaining", equalTo(2));
    }

    @Test
    void aReplyOverTheDaysCapIsRefusedAndNothingIsWritten() {
        smsPerDay(1);
        List<Map.Entry<String, String>> inbound = List.of(
                Map.entry("MessageSid", "SM" + authToken),
                Map.entry("AccountSid", accountSid),
                Map.entry("From", "+14155550123"),
                Map.entry("To", "+15550001111"),
                Map.entry("Body", "Do you ship to Austria?"),
                Map.entry("NumMedia", "0"));
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, sms.get("webhookUrl"), inbound))
                .body(ProviderSignatures.form(inbound))
                .post("/webhooks/sms/" + sms.get("key"))
                .then()
                .statusCode(200);
        String conversation =
                (String) sql.single("SELECT conversation_id FROM message WHERE channel_id = ?", sms.get("id"));

        reply(conversation, "Yes, we do.").statusCode(202);
        reply(conversation, "Shipping takes three days.")
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:fan-out-cap-exceeded"))
                .body("detail", containsString("daily cap of 1 SMS"));

        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'",
                        conversation));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM delivery WHERE tenant_id = ?", f.tenant));
        limits().body("usageToday.sms", equalTo(1)).body("usageToday.smsRemaining", equalTo(0));
    }

    private ValidatableResponse reply(String conversationId, String text) {
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("type", "REPLY", "text", text))
                .post("/api/v1/conversations/" + conversationId + "/messages")
                .then();
    }
}
