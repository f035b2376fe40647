package io.switchboard.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.TestTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelKindResourceTest {

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");

    private JsonPath kinds(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/channel-kinds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void everyKindIsListedWithItsCharacterAndTheSettingsItTakes() {
        given().auth()
                .oauth2(admin)
                .get("/api/v1/channel-kinds")
                .then()
                .statusCode(200)
                .body("kind", contains("CHAT", "SMS", "X", "FACEBOOK", "EMAIL", "API", "PHONE"))
                .body("find { it.kind == 'SMS' }.mode", equalTo("NEAR_SYNCHRONOUS"))
                .body("find { it.kind == 'SMS' }.firstResponseTargetSeconds", equalTo(900))
                .body("find { it.kind == 'SMS' }.defaultCapacity", equalTo(10))
                .body("find { it.kind == 'SMS' }.connectable", equalTo(true))
                .body("find { it.kind == 'SMS' }.configFields.name", contains("accountSid", "authToken", "phoneNumber"))
                .body("find { it.kind == 'SMS' }.configFields.find { it.name == 'authToken' }.secret", equalTo(true))
                .body(
                        "find { it.kind == 'SMS' }.configFields.find { it.name == 'phoneNumber' }.formatHint",
                        equalTo("an E.164 number such as +14155550100"))
                .body(
                        "find { it.kind == 'EMAIL' }.configFields.find { it.name == 'imap.host' }.required",
                        equalTo(false))
                .body(
                        "find { it.kind == 'EMAIL' }.configFields.find { it.name == 'imap.host' }.destination",
                        equalTo("HOST"))
                .body("find { it.kind == 'PHONE' }.connectable", equalTo(false))
                .body("find { it.kind == 'PHONE' }.carried", equalTo(false))
                .body("find { it.kind == 'PHONE' }.firstResponseTargetSeconds", nullValue())
                .body("find { it.kind == 'PHONE' }.configFields", empty());
    }

    /** A form built from the listing connects a channel of every connectable kind: the listing is the truth. */
    @Test
    void aChannelBuiltFromTheListedFieldsIsAccepted() {
        JsonPath listed = kinds(admin);
        List<Map<String, Object>> all = listed.getList("");
        for (Map<String, Object> kind : all) {
            if (!(Boolean) kind.get("connectable")) {
                continue;
            }
            Map<String, Object> config = new HashMap<>();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fields = (List<Map<String, Object>>) kind.get("configFields");
            for (Map<String, Object> field : fields) {
                if ((Boolean) field.get("required")) {
                    String value = sample((String) field.get("name"));
                    String pattern = (String) field.get("pattern");
                    assertTrue(
                            pattern == null || Pattern.matches(pattern, value),
                            field.get("name") + ": the sample does not match the listed pattern " + pattern);
                    config.put((String) field.get("name"), value);
                }
            }
            given().auth()
                    .oauth2(admin)
                    .contentType("application/json")
                    .body(Map.of("kind", kind.get("kind"), "name", "From the listing", "config", config))
                    .post("/api/v1/channels")
                    .then()
                    .statusCode(201);
        }
        // A value that misses a listed pattern is refused naming the field, with the listed hint.
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Bad number",
                        "config",
                        Map.of(
                                "accountSid",
                                sample("accountSid"),
                                "authToken",
                                "secret-token",
                                "phoneNumber",
                                "0800 123")))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.find { it.field == 'config.phoneNumber' }.message",
                        equalTo("must be an E.164 number" + " such as +14155550100"));
    }

    @Test
    void agentsReadTheKindsTooAndStrangersDoNot() {
        String body = given().auth()
                .oauth2(TestTokens.token(tenant, "alice", "agent"))
                .get("/api/v1/channel-kinds")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(7, JsonPath.from(body).getList("").size());
        given().get("/api/v1/channel-kinds").then().statusCode(401);
    }

    private static String sample(String name) {
        return switch (name) {
            case "accountSid" -> "AC0123456789abcdef0123456789abcdef";
            case "phoneNumber" -> "+14155550100";
            case "pageId" -> "1234567890";
            case "userId" -> "987654321";
            case "address" -> "support@acme.example";
            case "identitySecret" -> "a-long-enough-identity-secret";
            default -> "secret-" + name;
        };
    }
}
