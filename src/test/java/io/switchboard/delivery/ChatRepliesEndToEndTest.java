package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.SseClient;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat replies end to end: a visitor starts a conversation through the widget API, an operator answers through
 * the API, and the dispatcher's chat sender makes it reach the visitor's live stream and transcript.
 */
@QuarkusTest
class ChatRepliesEndToEndTest extends ProviderReplyEndToEnd {

    private final String secret = "chat-secret-" + hex(12);
    private final String visitor = "user-" + UUID.randomUUID();
    private String key;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void createChatChannel() {
        key = channel("CHAT", "Web chat", Map.of("identitySecret", secret)).get("key");
    }

    private Map<String, String> proof() {
        return Map.of(
                "X-Chat-Identifier",
                visitor,
                "X-Chat-Identifier-Hash",
                ProviderSignatures.chatIdentity(secret, visitor));
    }

    private ValidatableResponse transcript() {
        return given().queryParam("identifier", visitor)
                .queryParam("identifierHash", ProviderSignatures.chatIdentity(secret, visitor))
                .get("/public/v1/chat/" + key + "/messages")
                .then()
                .statusCode(200);
    }

    @Test
    void theVisitorGetsTheOperatorsReplyLiveAndInTheTranscript() {
        String conversationId = given().contentType("application/json")
                .body(Map.of(
                        "identifier",
                        visitor,
                        "identifierHash",
                        ProviderSignatures.chatIdentity(secret, visitor),
                        "text",
                        "Wo ist mein Paket?"))
                .post("/public/v1/chat/" + key + "/conversations")
                .then()
                .statusCode(201)
                .extract()
                .path("conversationId");
        String streamUrl = root.toString().replaceAll("/$", "") + "/public/v1/chat/" + key + "/stream";

        try (SseClient stream = SseClient.connect(streamUrl, proof())) {
            Map<String, Object> later = Replies.text("Guten Morgen!");
            later.put("sendAt", Instant.now().plus(Duration.ofHours(1)).toString());
            String scheduled = replies.send(conversationId, later);
            String id = replies.send(conversationId, Replies.text("Es kommt heute 🚚"));

            stream.awaitEvent("reply", id);
            assertTrue(stream.mentions("Es kommt heute 🚚"), String.join("\n", stream.lines()));
            replies.awaitStatus(conversationId, id, "SENT");
            List<String> ids = transcript().extract().path("items.id");
            assertEquals(2, ids.size(), "the visitor's message and the sent reply: " + ids);
            assertEquals(id, ids.get(1));
            transcript()
                    .body("items[1].direction", org.hamcrest.Matchers.equalTo("OUTBOUND"))
                    .body("items[1].text", org.hamcrest.Matchers.equalTo("Es kommt heute 🚚"));
            assertFalse(stream.mentions(scheduled), "a scheduled reply is not pushed before it is sent");
            assertEquals(1, stream.countEvents("reply", id));
        }
    }
}
