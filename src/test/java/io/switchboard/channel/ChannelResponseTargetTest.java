package io.switchboard.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import org.junit.jupiter.api.Test;

/** A channel's own first-response target: set, shown, refused when out of bounds, reset to the kind's default. */
@QuarkusTest
class ChannelResponseTargetTest {

    private final InboxFixture f = new InboxFixture("target");

    @Test
    void aChannelSetsItsOwnTargetAndNullGoesBackToTheKinds() {
        String channel = f.channel("Support API");
        get(channel)
                .body("firstResponseTargetSeconds", equalTo(60))
                .body("firstResponseTargetIsKindDefault", equalTo(true));

        patch(channel, "{\"firstResponseTargetSeconds\": 7200}")
                .statusCode(200)
                .body("firstResponseTargetSeconds", equalTo(7200))
                .body("firstResponseTargetIsKindDefault", equalTo(false));
        // Absent leaves it as it is.
        patch(channel, "{\"name\": \"Support\"}")
                .statusCode(200)
                .body("name", equalTo("Support"))
                .body("firstResponseTargetSeconds", equalTo(7200));
        get(channel).body("firstResponseTargetSeconds", equalTo(7200));
        given().auth()
                .oauth2(f.admin)
                .get("/api/v1/channels")
                .then()
                .body("items.find { it.id == '" + channel + "' }.firstResponseTargetSeconds", equalTo(7200));

        patch(channel, "{\"firstResponseTargetSeconds\": null}")
                .statusCode(200)
                .body("firstResponseTargetSeconds", equalTo(60))
                .body("firstResponseTargetIsKindDefault", equalTo(true));
        patch(channel, "{\"firstResponseTargetSeconds\": 2592000}")
                .statusCode(200)
                .body("firstResponseTargetSeconds", equalTo(2592000));
    }

    @Test
    void badTargetsAreRefusedAndChangeNothing() {
        String channel = f.channel("Strict API");
        patch(channel, "{\"firstResponseTargetSeconds\": 600}").statusCode(200);
        for (String bad : new String[] {"0", "-5", "2592001", "1.5", "\"600\"", "true", "{}", "[]", "9999999999999"}) {
            patch(channel, "{\"name\": \"Renamed\", \"firstResponseTargetSeconds\": " + bad + "}")
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("firstResponseTargetSeconds"));
        }
        get(channel).body("firstResponseTargetSeconds", equalTo(600)).body("name", equalTo("Strict API"));
    }

    private ValidatableResponse get(String channel) {
        return given().auth()
                .oauth2(f.admin)
                .get("/api/v1/channels/" + channel)
                .then()
                .statusCode(200);
    }

    private ValidatableResponse patch(String channel, String body) {
        return given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/channels/" + channel)
                .then();
    }
}
