package io.switchboard.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant request rates on the API and on the public endpoints, set low through a tenant's own limit settings
 * (the platform defaults are far above anything the tests send): 429 with Retry-After and a problem document, one
 * tenant's exhaustion leaving others untouched, and requests that fail verification not counting.
 */
@QuarkusTest
class RateLimitsTest {

    @Inject
    Sql sql;

    private final InboxFixture a = new InboxFixture("limits-a");
    private final InboxFixture b = new InboxFixture("limits-b");

    private static ValidatableResponse putLimits(String admin, Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(body)
                .put("/api/v1/settings/limits")
                .then();
    }

    private static ValidatableResponse me(String token) {
        return given().auth().oauth2(token).get("/api/v1/me").then();
    }

    @Test
    void theApiAnswers429WithRetryAfterOnceTheTenantsAllowanceIsUsedAndOtherTenantsGoOn() {
        me(b.agent).statusCode(200);
        // One request a minute, three at once: the settings call itself leaves the new bucket full.
        putLimits(a.admin, Map.of("api", Map.of("perMinute", 1, "burst", 3)))
                .statusCode(200)
                .body("api.perMinute", equalTo(1))
                .body("api.burst", equalTo(3))
                .body("overrides.api.perMinute", equalTo(1))
                .body("overrides.smsPerDay", equalTo(null))
                .body("publicEndpoints.perMinute", equalTo(60000));

        me(a.agent).statusCode(200);
        me(a.manager).statusCode(200);
        me(a.agent).statusCode(200);
        // Per tenant, not per operator: the admin is refused as well as the agent.
        for (String token : List.of(a.agent, a.admin)) {
            String retryAfter = me(token)
                    .statusCode(429)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:switchboard:problem:rate-limited"))
                    .body("status", equalTo(429))
                    .extract()
                    .header("Retry-After");
            long seconds = Long.parseLong(retryAfter);
            assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + retryAfter);
        }
        // A refused write stores nothing.
        given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(Map.of("name", "Refused"))
                .post("/api/v1/contacts")
                .then()
                .statusCode(429);
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", a.tenant));

        // Another tenant is not affected.
        for (int i = 0; i < 5; i++) {
            me(b.agent).statusCode(200);
        }
    }

    @Test
    void aWebhookAnswers429OnceItsTenantsAllowanceIsUsedAndUnsignedRequestsDoNotCount() {
        Sms smsA = new Sms(a);
        Sms smsB = new Sms(b);
        putLimits(a.admin, Map.of("publicEndpoints", Map.of("perMinute", 1, "burst", 2)))
                .statusCode(200)
                .body("publicEndpoints.burst", equalTo(2));

        // Someone who knows the key but not the auth token: refused, and the tenant's allowance is untouched.
        for (int i = 0; i < 5; i++) {
            smsA.deliver(smsA.message("SMbad" + i), "d3Jvbmc=").statusCode(401);
        }
        smsA.deliver(smsA.message("SM1")).statusCode(200);
        smsA.deliver(smsA.message("SM2")).statusCode(200);
        String retryAfter = smsA.deliver(smsA.message("SM3"))
                .statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:rate-limited"))
                .extract()
                .header("Retry-After");
        assertTrue(Long.parseLong(retryAfter) >= 1, retryAfter);
        assertEquals(2, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", smsA.channelId));

        // The same number of another tenant, and that tenant's API, go on.
        for (int i = 0; i < 4; i++) {
            smsB.deliver(smsB.message("SMb" + i)).statusCode(200);
        }
        assertEquals(4, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", smsB.channelId));
        // The API of the limited tenant has a bucket of its own.
        me(a.agent).statusCode(200);
    }

    @Test
    void onlyAdminsSetLimitsAndNeverAboveThePlatformsMaxima() {
        putLimits(a.manager, Map.of("smsPerDay", 5)).statusCode(403);
        putLimits(a.admin, Map.of("smsPerDay", 1_000_001, "api", Map.of("perMinute", 60_001, "burst", 10)))
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("smsPerDay"))
                .body("errors.field", hasItem("api.perMinute"));
        putLimits(a.admin, Map.of("api", Map.of("perMinute", 10, "burst", 0)))
                .statusCode(400)
                .body("errors.field", hasItem("api.burst"));
        putLimits(a.admin, Map.of("emailPerDay", -1)).statusCode(400).body("errors.field", hasItem("emailPerDay"));
        given().auth()
                .oauth2(a.manager)
                .get("/api/v1/settings/limits")
                .then()
                .statusCode(200)
                .body("smsPerDay", equalTo(10000))
                .body("emailPerDay", equalTo(50000))
                .body("maximums.smsPerDay", equalTo(1000000))
                .body("usageToday.sms", equalTo(0))
                .body("usageToday.smsRemaining", equalTo(10000));
        given().auth().oauth2(a.agent).get("/api/v1/settings/limits").then().statusCode(403);
    }

    @Test
    void aJsonBodyOverTheLimitIs413ProblemJsonAndNothingIsStored() {
        // 1 MiB of JSON and a bit: refused by its Content-Length, before it is read.
        String name = "x".repeat(1024 * 1024);
        given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(Map.of("name", name))
                .post("/api/v1/contacts")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:payload-too-large"))
                .body("detail", containsString("too large"));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", a.tenant));
        // Provider webhooks (multipart email with attachments) may send up to 10 MB; above, the same answer.
        given().contentType("application/x-www-form-urlencoded")
                .body("body-plain=" + "x".repeat(10 * 1024 * 1024))
                .post("/webhooks/email/some-key")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:payload-too-large"));
        // Just below the limit the body is read (and judged on its content).
        given().auth()
                .oauth2(a.agent)
                .contentType("application/json")
                .body(Map.of("name", "x".repeat(1000 * 1000)))
                .post("/api/v1/contacts")
                .then()
                .statusCode(400);
    }

    /** A Twilio SMS channel of a fixture's tenant, and inbound messages signed as Twilio signs them. */
    private static final class Sms {
        final String channelId;
        final String key;
        final String webhookUrl;
        final String authToken;
        final String accountSid;

        Sms(InboxFixture f) {
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            authToken = HexFormat.of().formatHex(random);
            accountSid = "AC" + authToken;
            Map<String, String> channel = given().auth()
                    .oauth2(f.admin)
                    .contentType("application/json")
                    .body(Map.of(
                            "kind",
                            "SMS",
                            "name",
                            "Support line",
                            "config",
                            Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", "+14155550100")))
                    .post("/api/v1/channels")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getMap("", String.class, String.class);
            channelId = channel.get("id");
            key = channel.get("key");
            webhookUrl = channel.get("webhookUrl");
        }

        List<Map.Entry<String, String>> message(String sid) {
            return List.of(
                    Map.entry("MessageSid", sid),
                    Map.entry("AccountSid", accountSid),
                    Map.entry("From", "+14155550123"),
                    Map.entry("To", "+14155550100"),
                    Map.entry("Body", "Hello " + sid),
                    Map.entry("NumMedia", "0"));
        }

        ValidatableResponse deliver(List<Map.Entry<String, String>> params) {
            return deliver(params, ProviderSignatures.twilio(authToken, webhookUrl, params));
        }

        ValidatableResponse deliver(List<Map.Entry<String, String>> params, String signature) {
            return given().contentType("application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature)
                    .body(ProviderSignatures.form(params))
                    .post("/webhooks/sms/" + key)
                    .then();
        }
    }
}
