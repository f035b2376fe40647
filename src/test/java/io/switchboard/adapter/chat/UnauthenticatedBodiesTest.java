package io.switchboard.adapter.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawRequests;
import io.switchboard.testing.TestTokens;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 point 7: bodies on the unauthenticated paths are held to what their senders document (Twilio's SMS
 * webhook 64 KiB, Meta's 512 KiB, the chat widget 64 KiB), by Content-Length before they are read, and, when sent in
 * chunks without a length, by reading no further than the limit; a chunked body within the limit is served whole.
 */
@QuarkusTest
class UnauthenticatedBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "Bq7-Zt4x-Mw9yP2c-Lk6Hd3Fs8Gj1Nv5";

    @TestHTTPResource("/")
    URL base;

    @Test
    void aWebhookBodyOverItsProvidersMaximumIs413ByItsLength() {
        given().contentType("application/x-www-form-urlencoded")
                .body(formText(64 * 1024 + 1))
                .post("/webhooks/sms/" + UUID.randomUUID())
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:switchboard:problem:payload-too-large"))
                .body("detail", containsString("65536"));
        // The same size is within Meta's maximum: the key is looked at (and names no channel).
        given().contentType("application/json")
                .header("X-Hub-Signature-256", "sha256=00")
                .body(json(64 * 1024 + 1))
                .post("/webhooks/facebook/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .header("X-Hub-Signature-256", "sha256=00")
                .body(json(512 * 1024 + 1))
                .post("/webhooks/facebook/" + UUID.randomUUID())
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("524288"));
    }

    @Test
    void aChunkedWebhookBodyIsReadNoFurtherThanItsLimit() throws IOException {
        // 1 MiB offered in 16 KiB chunks without a length: refused once 64 KiB are exceeded.
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            chunks.add(form(16 * 1024));
        }
        RawRequests.Answer answer = RawRequests.chunked(
                base,
                "127.0.0.1",
                "POST /webhooks/sms/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n",
                chunks);
        assertEquals(413, answer.status(), answer.toString());
        assertEquals("close", answer.header("connection"));
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals("application/problem+json", answer.header("content-type"));
        assertEquals(
                "urn:switchboard:problem:payload-too-large",
                problem.path("type").asText());
        assertEquals(413, problem.path("status").asInt());
    }

    @Test
    void aChunkedChatMessageWithinTheLimitIsStored() throws IOException {
        String tenant = TestTokens.newTenant("chunks");
        Map<String, String> channel = ChatWidgetTest.createChannel(
                TestTokens.token(tenant, "carol", "admin"),
                Map.of("kind", "CHAT", "name", "Web chat", "config", Map.of("identitySecret", SECRET)));
        String visitor = "user-" + UUID.randomUUID();
        String text = "Where is my parcel? " + "é".repeat(4000);
        byte[] body = JSON.writeValueAsBytes(
                Map.of("identifier", visitor, "identifierHash", ChatWidgetTest.hash(SECRET, visitor), "text", text));
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < body.length; at += 1000) {
            chunks.add(Arrays.copyOfRange(body, at, Math.min(body.length, at + 1000)));
        }
        RawRequests.Answer answer = RawRequests.chunked(
                base,
                "127.0.0.1",
                "POST /public/v1/chat/" + channel.get("key") + "/conversations HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\n",
                chunks);
        assertEquals(201, answer.status(), answer.toString());

        given().queryParam("identifier", visitor)
                .queryParam("identifierHash", ChatWidgetTest.hash(SECRET, visitor))
                .get("/public/v1/chat/" + channel.get("key") + "/messages")
                .then()
                .statusCode(200)
                .body("items.text", hasItem(text));
    }

    /** A form body of exactly {@code size} bytes. */
    private static byte[] form(int size) {
        return formText(size).getBytes(StandardCharsets.US_ASCII);
    }

    private static String formText(int size) {
        String prefix = "Body=";
        return prefix + "a".repeat(size - prefix.length());
    }

    /** A JSON body of exactly {@code size} bytes. */
    private static byte[] json(int size) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        return (prefix + "p".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
