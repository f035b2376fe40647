package io.switchboard.inbox;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.TestTokens;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A fresh tenant with its operators, fed through the real ingest path: an API channel created by an admin and
 * messages posted to its inbound endpoint, exactly as an integration would.
 */
public final class InboxFixture {

    public final String tenant;
    public final String admin;
    public final String manager;
    public final String agent;

    public InboxFixture(String prefix) {
        tenant = TestTokens.newTenant(prefix);
        admin = TestTokens.token(tenant, "carol", "admin");
        manager = TestTokens.token(tenant, "mona", "manager");
        agent = TestTokens.token(tenant, "alice", "agent");
    }

    public String channel(String name) {
        return channel(name, Map.of());
    }

    /** An API channel with settings, such as the {@code replyUrl} replies go to. */
    public String channel(String name, Map<String, String> config) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", name, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A channel of any kind as the admin creates it; returns its {@code id}, {@code key} and {@code webhookUrl}. */
    public Map<String, String> channel(String kind, String name, Map<String, String> config) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", name, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
    }

    /** Delivers one inbound message; returns the response of the inbound endpoint. */
    public ValidatableResponse deliver(String channelId, Map<String, Object> message) {
        return given().auth()
                .oauth2(agent)
                .contentType("application/json")
                .body(message)
                .post("/api/v1/channels/" + channelId + "/inbound")
                .then();
    }

    /** Delivers a message from a sender; returns the id of its conversation. */
    public String send(String channelId, String externalId, String senderId, String senderName, String text) {
        return deliver(channelId, message(externalId, senderId, senderName, text))
                .statusCode(201)
                .extract()
                .path("conversationId");
    }

    public static Map<String, Object> message(String externalId, String senderId, String senderName, String text) {
        Map<String, Object> sender = new HashMap<>();
        sender.put("id", senderId);
        sender.put("name", senderName);
        sender.put("handle", "@" + senderId);
        Map<String, Object> message = new HashMap<>();
        message.put("externalId", externalId);
        message.put("sender", sender);
        message.put("text", text);
        return message;
    }

    public String operatorId(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** The conversation as the API shows it. */
    public ValidatableResponse conversation(String token, String id) {
        return given().auth().oauth2(token).get("/api/v1/conversations/" + id).then();
    }

    public ValidatableResponse patch(String token, String id, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/conversations/" + id)
                .then();
    }

    public List<String> listIds(String token, Map<String, ?> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
    }

    /** For state no API of this feature sets yet (assignee, team), written as the other features would. */
    public static void execute(DataSource dataSource, String sql, Object... params) {
        try (var c = dataSource.getConnection();
                var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
