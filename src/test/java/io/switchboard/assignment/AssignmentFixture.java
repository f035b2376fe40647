package io.switchboard.assignment;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.TestTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An inbox fixture (tenant, API channel, real inbound path) with the calls assignment tests make. */
final class AssignmentFixture {

    final InboxFixture inbox;

    AssignmentFixture(String prefix) {
        inbox = new InboxFixture(prefix);
    }

    String tenant() {
        return inbox.tenant;
    }

    /** A new agent of the tenant (provisioned by its first request); returns its token. */
    String agentToken(String username) {
        return TestTokens.token(inbox.tenant, username, "agent");
    }

    String id(String token) {
        return inbox.operatorId(token);
    }

    String team(String name, List<String> members) {
        return given().auth()
                .oauth2(inbox.manager)
                .contentType("application/json")
                .body(Map.of("name", name, "members", members))
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    void members(String teamId, List<String> members) {
        given().auth()
                .oauth2(inbox.manager)
                .contentType("application/json")
                .body(Map.of("members", members))
                .patch("/api/v1/teams/" + teamId)
                .then()
                .statusCode(200);
    }

    ValidatableResponse route(String channelId, String teamId, String mode) {
        Map<String, Object> body = new HashMap<>();
        body.put("teamId", teamId);
        body.put("autoAssignment", mode);
        return given().auth()
                .oauth2(inbox.manager)
                .contentType("application/json")
                .body(body)
                .put("/api/v1/channels/" + channelId + "/routing")
                .then();
    }

    void availability(String token, String value) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("availability", value))
                .put("/api/v1/operators/me/availability")
                .then()
                .statusCode(200);
    }

    void capacity(String operatorId, String kind, Integer value) {
        Map<String, Object> capacity = new HashMap<>();
        capacity.put(kind, value);
        given().auth()
                .oauth2(inbox.manager)
                .contentType("application/json")
                .body(Map.of("capacity", capacity))
                .patch("/api/v1/operators/" + operatorId)
                .then()
                .statusCode(200);
    }

    ValidatableResponse assign(String token, String conversationId, String operatorId) {
        Map<String, Object> body = new HashMap<>();
        body.put("operatorId", operatorId);
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .put("/api/v1/conversations/" + conversationId + "/assignee")
                .then();
    }

    /** Delivers a message from a new sender: a new conversation. */
    String newConversation(String channelId, String sender) {
        return inbox.send(channelId, "m-" + sender, sender, "Customer " + sender, "Hello from " + sender);
    }

    String assignee(String conversationId) {
        return inbox.conversation(inbox.manager, conversationId)
                .statusCode(200)
                .extract()
                .path("assigneeId");
    }

    void resolve(String conversationId) {
        inbox.patch(inbox.manager, conversationId, Map.of("status", "RESOLVED")).statusCode(200);
    }
}
