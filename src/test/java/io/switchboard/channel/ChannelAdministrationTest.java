package io.switchboard.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelAdministrationTest {

    private static final String AUTH_TOKEN = "9f1c2d3e4b5a69788796a5b4c3d2e1f0";

    @Inject
    Sql sql;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");

    private Map<String, Object> sms() {
        return Map.of(
                "kind", "SMS",
                "name", "Support line",
                "config",
                        Map.of(
                                "accountSid", "AC0123456789abcdef0123456789abcdef",
                                "authToken", AUTH_TOKEN,
                                "phoneNumber", "+14155550100"));
    }

    private String create(Map<String, Object> body) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void createReturnsTheChannelWithoutItsSecrets() {
        String body = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(sms())
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/channels/"))
                .body("kind", equalTo("SMS"))
                .body("name", equalTo("Support line"))
                .body("enabled", equalTo(true))
                .body("key.length()", equalTo(32))
                .body("config.accountSid", equalTo("AC0123456789abcdef0123456789abcdef"))
                .body("config.phoneNumber", equalTo("+14155550100"))
                .body("config", not(hasKey("authToken")))
                .body("secretsConfigured", containsInAnyOrder("authToken"))
                .body("webhookUrl", startsWith("http://localhost:8080/webhooks/sms/"))
                .extract()
                .asString();
        assertFalse(body.contains(AUTH_TOKEN), "the auth token must never be returned");
    }

    @Test
    void secretsAreEncryptedAtRest() {
        String id = create(sms());
        String stored = (String) sql.single("SELECT secrets FROM channel WHERE id = ?", id);
        assertFalse(stored.contains(AUTH_TOKEN));
        assertEquals(true, stored.startsWith("v2:"), stored);
        assertFalse(((String) sql.single("SELECT config FROM channel WHERE id = ?", id)).contains(AUTH_TOKEN));
    }

    @Test
    void everyKindTakesItsOwnSettings() {
        create(Map.of(
                "kind",
                "FACEBOOK",
                "name",
                "Page",
                "config",
                Map.of("pageId", "1234567890", "appSecret", "s", "verifyToken", "v", "pageAccessToken", "t")));
        create(Map.of(
                "kind",
                "X",
                "name",
                "Handle",
                "config",
                Map.of("userId", "1403792947239325696", "consumerSecret", "c", "accessToken", "a")));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Support",
                        "config",
                        Map.of(
                                "address",
                                "help@acme.example",
                                "signingKey",
                                "key-1",
                                "imap",
                                Map.of("host", "imap.acme.example", "port", "993", "password", "pw"))))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("config.imap.host", equalTo("imap.acme.example"))
                .body("config.imap", not(hasKey("password")))
                .body("secretsConfigured", containsInAnyOrder("signingKey", "imap.password"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind", "CHAT", "name", "Widget", "config", Map.of("identitySecret", "3c9e1f0a7b2d4e6f8a1c")))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("webhookUrl", containsString("/public/v1/chat/"));
        String api = create(Map.of("kind", "API", "name", "CRM"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/channels/" + api)
                .then()
                .statusCode(200)
                .body("webhookUrl", containsString("/api/v1/channels/" + api + "/inbound"));
    }

    @Test
    void invalidSettingsListEveryProblemAndStoreNothing() {
        long before = sql.count("SELECT COUNT(*) FROM channel WHERE tenant_id = ?", tenant);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Bad",
                        "config",
                        Map.of("accountSid", "nope", "phoneNumber", "0800", "colour", "red")))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        containsInAnyOrder(
                                "config.accountSid", "config.phoneNumber", "config.authToken", "config.colour"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "PHONE", "name", "Desk phone"))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "PIGEON", "name", "Coo"))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "SMS"))
                .post("/api/v1/channels")
                .then()
                .statusCode(400);
        assertEquals(before, sql.count("SELECT COUNT(*) FROM channel WHERE tenant_id = ?", tenant));
    }

    @Test
    void patchRenamesRotatesSecretsAndKeepsTheRest() {
        String id = create(sms());
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("name", "Sales line", "config", Map.of("authToken", "rotated-token")))
                .patch("/api/v1/channels/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Sales line"))
                .body("config.phoneNumber", equalTo("+14155550100"))
                .body("secretsConfigured", containsInAnyOrder("authToken"));
        String before = (String) sql.single("SELECT config FROM channel WHERE id = ?", id);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("config", Map.of("phoneNumber", "not a number")))
                .patch("/api/v1/channels/" + id)
                .then()
                .statusCode(400);
        assertEquals(
                before, sql.single("SELECT config FROM channel WHERE id = ?", id), "a rejected change stores nothing");
    }

    @Test
    void deleteDisablesAndKeepsTheChannel() {
        String id = create(sms());
        given().auth().oauth2(admin).delete("/api/v1/channels/" + id).then().statusCode(204);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/channels/" + id)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void everyOperatorReadsTheChannelDirectoryWithoutSettingsAndOnlyItsTenants() {
        String id = create(sms());
        given().auth().oauth2(admin).delete("/api/v1/channels/" + id).then().statusCode(204);
        for (String token : java.util.List.of(
                TestTokens.token(tenant, "bob", "manager"), TestTokens.token(tenant, "alice", "agent"))) {
            String body = given().auth()
                    .oauth2(token)
                    .get("/api/v1/channel-directory")
                    .then()
                    .statusCode(200)
                    .body("items.find { it.id == '" + id + "' }.name", equalTo("Support line"))
                    .body("items.find { it.id == '" + id + "' }.kind", equalTo("SMS"))
                    .body("items.find { it.id == '" + id + "' }.enabled", equalTo(false))
                    .body("items[0]", not(hasKey("config")))
                    .body("items[0]", not(hasKey("webhookUrl")))
                    .extract()
                    .asString();
            assertFalse(body.contains(AUTH_TOKEN), "no secret in the directory");
            assertFalse(body.contains("AC0123456789abcdef"), "no settings in the directory");
        }
        given().auth()
                .oauth2(TestTokens.token(TestTokens.newTenant("globex"), "gus", "manager"))
                .get("/api/v1/channel-directory")
                .then()
                .statusCode(200)
                .body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    void onlyAdminsOfTheTenantManageChannels() {
        String id = create(sms());
        given().auth()
                .oauth2(TestTokens.token(tenant, "bob", "manager"))
                .get("/api/v1/channels/" + id)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token(tenant, "alice", "agent"))
                .contentType("application/json")
                .body(sms())
                .post("/api/v1/channels")
                .then()
                .statusCode(403);
        String otherAdmin = TestTokens.token(TestTokens.newTenant("globex"), "gus", "admin");
        given().auth().oauth2(otherAdmin).get("/api/v1/channels/" + id).then().statusCode(404);
        given().auth()
                .oauth2(otherAdmin)
                .contentType("application/json")
                .body(Map.of("name", "mine"))
                .patch("/api/v1/channels/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(otherAdmin)
                .delete("/api/v1/channels/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(otherAdmin)
                .get("/api/v1/channels")
                .then()
                .statusCode(200)
                .body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
        given().when().get("/api/v1/channels").then().statusCode(401);
    }
}
