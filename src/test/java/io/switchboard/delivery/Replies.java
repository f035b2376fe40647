package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Replies as an operator writes them, through the API, and their delivery status as the API shows it. */
final class Replies {

    private final InboxFixture inbox;

    Replies(InboxFixture inbox) {
        this.inbox = inbox;
    }

    static Map<String, Object> text(String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "REPLY");
        body.put("text", text);
        return body;
    }

    /** POSTs a reply; {@code key} is the Idempotency-Key, or null. */
    ValidatableResponse post(String conversationId, Map<String, Object> body, String key) {
        var request = given().auth()
                .oauth2(inbox.agent)
                .contentType("application/json")
                .body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/conversations/" + conversationId + "/messages")
                .then();
    }

    /** POSTs a reply that must be accepted; returns its message id. */
    String send(String conversationId, Map<String, Object> body) {
        return post(conversationId, body, null).statusCode(202).extract().path("id");
    }

    ValidatableResponse message(String conversationId, String messageId) {
        return given().auth()
                .oauth2(inbox.agent)
                .get("/api/v1/conversations/" + conversationId + "/messages/" + messageId)
                .then()
                .statusCode(200);
    }

    String status(String conversationId, String messageId) {
        return message(conversationId, messageId).extract().path("deliveryStatus");
    }

    /** Waits until the reply reaches {@code status} (the background dispatcher sends it). */
    void awaitStatus(String conversationId, String messageId, String status) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(status(conversationId, messageId)));
    }
}
