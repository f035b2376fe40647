package io.switchboard.reporting;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manager's live overview: what waits on each channel right now, and who has room. */
@QuarkusTest
class OverviewTest {

    private static WireMockServer integration;

    @Inject
    Sql sql;

    private final InboxFixture f = new InboxFixture("overview");

    @BeforeAll
    static void startIntegration() {
        integration = new WireMockServer(options().dynamicPort());
        integration.start();
        integration.stubFor(post(urlPathMatching("/replies/.*")).willReturn(okJson("{\"id\": \"ext-1\"}")));
    }

    @AfterAll
    static void stopIntegration() {
        integration.stop();
    }

    @Test
    void countsWhatWaitsOnEachChannelAndWhoHasRoom() {
        String shop = f.channel("Shop app", Map.of("replyUrl", integration.baseUrl() + "/replies/shop"));
        String quiet = f.channel("Quiet app");
        String alice = f.operatorId(f.agent);
        String mona = f.operatorId(f.manager);
        availability(f.agent, "ONLINE");
        availability(f.manager, "AWAY");
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("API", 3)))
                .patch("/api/v1/operators/" + alice)
                .then()
                .statusCode(200);

        // Unanswered for ten minutes: past the API kind's one-minute target, and nobody's.
        String late = f.send(shop, "m1", "u1", "Ann", "Where is my parcel?");
        sql.update(
                "UPDATE message SET received_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE,"
                        + " created_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE WHERE conversation_id = ?",
                late);
        // Answered by alice: nothing waits.
        String answered = f.send(shop, "m2", "u2", "Ben", "Hello?");
        assign(answered, alice);
        reply(answered, "Hello Ben");
        // Answered, then the contact wrote again: waits since the newer message only.
        String again = f.send(shop, "m3", "u3", "Cy", "First question");
        assign(again, alice);
        reply(again, "Answer");
        f.send(shop, "m4", "u3", "Cy", "Second question");
        // Waiting on the contact, assigned to alice: her load, not the queue.
        String pending = f.send(shop, "m5", "u4", "Di", "Thanks, I will check");
        assign(pending, alice);
        f.patch(f.agent, pending, Map.of("status", "PENDING")).statusCode(200);
        String snoozed = f.send(shop, "m6", "u5", "Ed", "Call me next week");
        f.patch(
                        f.agent,
                        snoozed,
                        Map.of(
                                "status",
                                "SNOOZED",
                                "snoozedUntil",
                                Instant.now().plus(7, ChronoUnit.DAYS).toString()))
                .statusCode(200);
        String resolved = f.send(shop, "m7", "u6", "Flo", "Never mind");
        f.patch(f.agent, resolved, Map.of("status", "RESOLVED")).statusCode(200);

        JsonPath overview = overview(f.manager).statusCode(200).extract().jsonPath();

        Map<String, Object> shopNow = overview.getMap("channels.find { it.channelId == '" + shop + "' }");
        assertEquals("Shop app", shopNow.get("name"));
        assertEquals("API", shopNow.get("kind"));
        assertEquals(3, shopNow.get("open"), "late, answered, again");
        assertEquals(1, shopNow.get("pending"));
        assertEquals(1, shopNow.get("snoozed"));
        assertEquals(1, shopNow.get("unassigned"), "only the late one is nobody's");
        assertEquals(2, shopNow.get("awaitingReply"), "late and again");
        assertEquals(1, shopNow.get("pastTarget"), "only late waits longer than a minute");
        assertEquals(60, shopNow.get("targetSeconds"));
        Instant oldest = Instant.parse((String) shopNow.get("oldestWaitingSince"));
        assertTrue(oldest.isBefore(Instant.now().minus(9, ChronoUnit.MINUTES)), oldest.toString());

        Map<String, Object> quietNow = overview.getMap("channels.find { it.channelId == '" + quiet + "' }");
        assertEquals(0, quietNow.get("open"));
        assertEquals(0, quietNow.get("awaitingReply"));
        assertNull(quietNow.get("oldestWaitingSince"));

        assertEquals(List.of(late, again), overview.getList("longestWaiting.conversationId"));
        assertEquals(List.of(true, false), overview.getList("longestWaiting.pastTarget"));
        assertEquals(alice, overview.getString("longestWaiting[1].assigneeId"));

        Map<String, Object> aliceNow = overview.getMap("operators.find { it.operatorId == '" + alice + "' }");
        assertEquals("ONLINE", aliceNow.get("availability"));
        assertEquals(Map.of("API", 3), aliceNow.get("load"), "answered, again and pending (snoozed ones do not count)");
        assertEquals(3, ((Map<?, ?>) aliceNow.get("capacity")).get("API"));
        assertEquals(true, aliceNow.get("atCapacity"));
        Map<String, Object> monaNow = overview.getMap("operators.find { it.operatorId == '" + mona + "' }");
        assertEquals("AWAY", monaNow.get("availability"));
        assertEquals(Map.of(), monaNow.get("load"));
        assertFalse((Boolean) monaNow.get("atCapacity"));
    }

    @Test
    void isForManagersAndShowsOnlyTheirTenant() {
        f.send(f.channel("Mine"), "x1", "u1", "Ann", "Hi");
        overview(f.agent).statusCode(403);
        InboxFixture other = new InboxFixture("overview-other");
        JsonPath theirs = overview(other.manager).statusCode(200).extract().jsonPath();
        assertEquals(List.of(), theirs.getList("channels"));
        assertEquals(List.of(), theirs.getList("longestWaiting"));
        given().get("/api/v1/overview").then().statusCode(401);
        assertEquals(
                "application/problem+json",
                overview(TestTokens.token(other.tenant, "gus", "agent"))
                        .extract()
                        .contentType());
    }

    private io.restassured.response.ValidatableResponse overview(String token) {
        return given().auth().oauth2(token).get("/api/v1/overview").then();
    }

    private void availability(String token, String value) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("availability", value))
                .put("/api/v1/operators/me/availability")
                .then()
                .statusCode(200);
    }

    private void assign(String conversation, String operator) {
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("operatorId", operator))
                .put("/api/v1/conversations/" + conversation + "/assignee")
                .then()
                .statusCode(200);
    }

    private void reply(String conversation, String text) {
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("type", "REPLY", "text", text))
                .post("/api/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(202);
    }
}
