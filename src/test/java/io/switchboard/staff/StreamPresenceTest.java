package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An operator who closes every console while ONLINE is set AWAY after the grace period (two minutes), so that
 * auto-assignment stops giving them work; an open stream, a choice of their own, or never having streamed (an
 * API-only client) keeps them as they are. The refresh runs here at the times the test chooses (it is off in tests).
 */
@QuarkusTest
class StreamPresenceTest {

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    @Inject
    StreamPresence presence;

    @Inject
    Sql sql;

    private final String tenant = TestTokens.newTenant("presence");
    private final String alice = TestTokens.token(tenant, "alice", "agent");
    private final String andy = TestTokens.token(tenant, "andy", "agent");
    private final String bert = TestTokens.token(tenant, "bert", "agent");
    private final String api = TestTokens.token(tenant, "apiclient", "agent");
    private final String mona = TestTokens.token(tenant, "mona", "manager");

    @Test
    void anOnlineOperatorWhoseLastConsoleClosedIsSetAwayAfterTheGracePeriodAndNoOneElseIs() {
        String aliceId = id(alice);
        String andyId = id(andy);
        String bertId = id(bert);
        String apiId = id(api);
        for (String token : List.of(alice, andy, bert, api)) {
            setMine(token, "ONLINE").statusCode(200);
        }

        // alice and bert close their consoles; andy keeps his open; the API client never opened a stream.
        Instant closed;
        try (SseClient andysConsole = SseClient.connect(streamUrl.toString(), andy)) {
            try (SseClient alicesConsole = SseClient.connect(streamUrl.toString(), alice);
                    SseClient secondTab = SseClient.connect(streamUrl.toString(), alice);
                    SseClient bertsConsole = SseClient.connect(streamUrl.toString(), bert)) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> presence.open(aliceId) == 2);
                secondTab.close();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> presence.open(aliceId) == 1);
                // One of two tabs closed: still streaming, never away however late.
                presence.refresh(Instant.now().plus(Duration.ofHours(1)));
                assertEquals("ONLINE", availability(aliceId));
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> presence.open(aliceId) == 0 && presence.open(bertId) == 0);
            closed = Instant.now().plus(Duration.ofHours(1)); // the refresh above stamped them an hour ahead
            setMine(bert, "OFFLINE").statusCode(200);

            // Within the grace period (a reload, a token refresh): nothing changes.
            presence.refresh(closed.plus(Duration.ofSeconds(90)));
            assertEquals("ONLINE", availability(aliceId));

            // After it: alice is AWAY, as a period of her history; andy streams, bert chose, the API client never
            // streamed.
            presence.refresh(closed.plus(Duration.ofMinutes(3)));
            assertEquals("AWAY", availability(aliceId));
            assertEquals("ONLINE", availability(andyId));
            assertEquals("OFFLINE", availability(bertId));
            assertEquals("ONLINE", availability(apiId));
            assertEquals(
                    List.of("ONLINE", "AWAY"),
                    sql.column(
                            "SELECT availability FROM operator_availability WHERE operator_id = ?"
                                    + " ORDER BY started_at",
                            aliceId));
            given().auth()
                    .oauth2(alice)
                    .get("/api/v1/me")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(aliceId));
            given().auth()
                    .oauth2(mona)
                    .get("/api/v1/operators/" + aliceId)
                    .then()
                    .statusCode(200)
                    .body("availability", equalTo("AWAY"));

            // A second refresh changes nothing more.
            presence.refresh(closed.plus(Duration.ofMinutes(10)));
            assertEquals(2L, sql.count("SELECT COUNT(*) FROM operator_availability WHERE operator_id = ?", aliceId));
            assertEquals("ONLINE", availability(andyId));
        }

        // Back at her console, alice sets herself ONLINE; she is not set away while her console is open.
        try (SseClient back = SseClient.connect(streamUrl.toString(), alice)) {
            setMine(alice, "ONLINE").statusCode(200);
            presence.refresh(closed.plus(Duration.ofMinutes(30)));
            assertEquals("ONLINE", availability(aliceId));
        }
    }

    @Test
    void aManagerSetsAnotherOperatorsAvailabilityAndAnAgentCannot() {
        String aliceId = id(alice);
        String andyId = id(andy);
        setMine(alice, "ONLINE").statusCode(200);

        set(mona, aliceId, "AWAY").statusCode(200).body("id", equalTo(aliceId)).body("availability", equalTo("AWAY"));
        assertEquals("AWAY", availability(aliceId));
        assertEquals(
                List.of("ONLINE", "AWAY"),
                sql.column(
                        "SELECT availability FROM operator_availability WHERE operator_id = ?" + " ORDER BY started_at",
                        aliceId));

        set(andy, aliceId, "OFFLINE").statusCode(403);
        set(mona, andyId, "SLEEPING")
                .statusCode(400)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json"));
        assertEquals("OFFLINE", availability(andyId));

        // Another tenant's operator is not found, and stays as it was.
        String other = TestTokens.token(TestTokens.newTenant("presence-other"), "oscar", "agent");
        String oscarId = id(other);
        set(mona, oscarId, "ONLINE").statusCode(404);
        assertEquals("OFFLINE", availability(oscarId));
    }

    private String availability(String operatorId) {
        return (String) sql.single("SELECT availability FROM operator WHERE id = ?", operatorId);
    }

    private static String id(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private static ValidatableResponse setMine(String token, String value) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("availability", value))
                .put("/api/v1/operators/me/availability")
                .then();
    }

    private static ValidatableResponse set(String token, String operatorId, String value) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("availability", value))
                .put("/api/v1/operators/" + operatorId + "/availability")
                .then();
    }
}
