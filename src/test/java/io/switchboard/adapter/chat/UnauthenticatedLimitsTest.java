package io.switchboard.adapter.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.testing.RawRequests;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 point 7: keys that name no channel are limited per client address (a trusted proxy's X-Forwarded-For
 * names the client, anyone else's is ignored); event streams are capped per tenant and per chat visitor, and end when
 * their credential does: an operator's with the access token, a visitor's after its lifetime.
 */
@QuarkusTest
@TestProfile(UnauthenticatedLimitsTest.LowLimits.class)
class UnauthenticatedLimitsTest {

    /** 127.0.0.2 plays a reverse proxy in front of the service; 127.0.0.3 a client that is not one. */
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.limits.trusted-proxies", "127.0.0.2",
                    "switchboard.limits.unknown-keys.per-minute", "1",
                    "switchboard.limits.unknown-keys.burst", "3",
                    "switchboard.streams.max-per-tenant", "2",
                    "switchboard.streams.max-per-visitor", "1",
                    "switchboard.streams.visitor-lifetime", "3s");
        }
    }

    private static final String SECRET = "Vt2-Kq8w-Hn5zR1d-Xp4Mc7Gb9Lf3Sj6";

    @TestHTTPResource("/")
    URL base;

    @Test
    void unknownKeysAreLimitedPerClientAddressBehindATrustedProxy() throws IOException {
        Map<String, String> channel = chatChannel();
        String visitor = "user-" + UUID.randomUUID();
        // The channel's key is in use (and so known to be good) before the guessing starts.
        transcript(channel.get("key"), visitor).then().statusCode(200);

        for (int i = 0; i < 3; i++) {
            assertEquals(
                    404,
                    viaProxy("198.51.100.7", "/webhooks/sms/" + UUID.randomUUID())
                            .status());
        }
        RawRequests.Answer refused = viaProxy("198.51.100.7", "/webhooks/sms/" + UUID.randomUUID());
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.header("content-type"));
        assertTrue(refused.body().contains("urn:switchboard:problem:rate-limited"), refused.body());
        assertNotNull(refused.header("retry-after"));
        // Also on the chat widget's paths, and for a disabled-looking key of any kind.
        assertEquals(
                429,
                viaProxy("198.51.100.7", "/public/v1/chat/" + UUID.randomUUID() + "/messages")
                        .status());
        // The known key still works from that address; another client behind the same proxy is not limited.
        assertEquals(
                200,
                viaProxy(
                                "198.51.100.7",
                                "/public/v1/chat/" + channel.get("key") + "/messages?identifier=" + visitor
                                        + "&identifierHash=" + ChatWidgetTest.hash(SECRET, visitor))
                        .status());
        assertEquals(
                404,
                viaProxy("198.51.100.8", "/webhooks/sms/" + UUID.randomUUID()).status());
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    404,
                    from("127.0.0.3", "203.0.113." + i, "/webhooks/sms/" + UUID.randomUUID())
                            .status());
        }
        // A new X-Forwarded-For each time does not make a new client: the peer is.
        assertEquals(
                429,
                from("127.0.0.3", "203.0.113.99", "/webhooks/sms/" + UUID.randomUUID())
                        .status());
    }

    @Test
    void aVisitorHasOneStreamAndItEndsAfterItsLifetime() {
        Map<String, String> channel = chatChannel();
        String zoe = "user-" + UUID.randomUUID();
        String max = "user-" + UUID.randomUUID();
        try (SseClient first = SseClient.connect(streamUrl(channel.get("key")), headers(zoe))) {
            given().headers(headers(zoe))
                    .get("/public/v1/chat/" + channel.get("key") + "/stream")
                    .then()
                    .statusCode(429)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", notNullValue());
            try (SseClient other = SseClient.connect(streamUrl(channel.get("key")), headers(max))) {
                assertFalse(other.ended());
            }
            // The lifetime is 3 s: the server ends the stream, and its slot is free again.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(first::ended);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (SseClient again = SseClient.connect(streamUrl(channel.get("key")), headers(zoe))) {
                assertFalse(again.ended());
            }
        });
    }

    @Test
    void aTenantHasAtMostItsCapOfOperatorStreams() {
        String tenant = TestTokens.newTenant("streams");
        String token = TestTokens.token(tenant, "alice", "agent");
        String url = base.toString().replaceAll("/$", "") + "/api/v1/stream";
        try (SseClient one = SseClient.connect(url, token);
                SseClient two = SseClient.connect(url, TestTokens.token(tenant, "bob", "agent"))) {
            given().auth()
                    .oauth2(TestTokens.token(tenant, "carol", "agent"))
                    .get("/api/v1/stream")
                    .then()
                    .statusCode(429)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:switchboard:problem:rate-limited"))
                    .header("Retry-After", notNullValue());
            // Another tenant is not affected.
            try (SseClient elsewhere =
                    SseClient.connect(url, TestTokens.token(TestTokens.newTenant("other"), "dan", "agent"))) {
                assertFalse(elsewhere.ended());
            }
            two.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SseClient three = SseClient.connect(url, token)) {
                    assertFalse(three.ended());
                }
            });
        }
    }

    @Test
    void anOperatorsStreamEndsWhenItsTokenExpires() {
        String tenant = TestTokens.newTenant("expiry");
        String url = base.toString().replaceAll("/$", "") + "/api/v1/stream";
        // Issued 5 s ago (as all test tokens), so it expires 5 s from now.
        String shortLived =
                TestTokens.builder(tenant, "alice", "agent").expiresIn(10).sign();
        try (SseClient expiring = SseClient.connect(url, shortLived);
                SseClient lasting = SseClient.connect(url, TestTokens.token(tenant, "bob", "agent"))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(expiring::ended);
            assertFalse(lasting.ended(), "a stream whose token is still valid stays open");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private Map<String, String> chatChannel() {
        String tenant = TestTokens.newTenant("unauth");
        return ChatWidgetTest.createChannel(
                TestTokens.token(tenant, "carol", "admin"),
                Map.of("kind", "CHAT", "name", "Web chat", "config", Map.of("identitySecret", SECRET)));
    }

    private static io.restassured.response.Response transcript(String key, String visitor) {
        return given().queryParam("identifier", visitor)
                .queryParam("identifierHash", ChatWidgetTest.hash(SECRET, visitor))
                .get("/public/v1/chat/" + key + "/messages");
    }

    private RawRequests.Answer viaProxy(String client, String target) throws IOException {
        return from("127.0.0.2", client, target);
    }

    private RawRequests.Answer from(String peer, String forwardedFor, String target) throws IOException {
        String method = target.startsWith("/webhooks/") ? "POST" : "GET";
        String body = method.equals("POST") ? "Body=hi" : "";
        return RawRequests.send(
                base,
                peer,
                method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + forwardedFor
                        + "\r\nConnection: close\r\n"
                        + (method.equals("POST")
                                ? "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                                        + "\r\n"
                                : "")
                        + "\r\n" + body);
    }

    private String streamUrl(String key) {
        return base.toString().replaceAll("/$", "") + "/public/v1/chat/" + key + "/stream";
    }

    private static Map<String, String> headers(String visitor) {
        return Map.of("X-Chat-Identifier", visitor, "X-Chat-Identifier-Hash", ChatWidgetTest.hash(SECRET, visitor));
    }
}
