package io.switchboard.assignment;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which changes start an auto-assignment pass at once ({@link AssignmentTriggers}): those that may make room or add
 * work. An agent's replies, their deliveries and edits of an assigned conversation do neither, and in a busy
 * tenant a pass for each would cost several statements per reply.
 */
@QuarkusTest
class AssignmentTriggersTest {

    private static WireMockServer provider;

    @Inject
    MeterRegistry metrics;

    private final AssignmentFixture fixture = new AssignmentFixture("triggers");

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlPathMatching("/replies/.*")).willReturn(okJson("{\"id\": \"ext-1\"}")));
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    /** Passes started by triggers so far, on this replica (the sweep's are not counted). */
    private double triggered() {
        return metrics.get("switchboard.assignment.triggered.passes").counter().count();
    }

    /** The count once it has stood still for a second: the passes of earlier changes have all started. */
    private double settled() {
        double[] last = {-1};
        return Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            double previous = last[0];
                            last[0] = triggered();
                            return previous == last[0] ? last[0] : null;
                        },
                        Objects::nonNull);
    }

    private String awaitAssignee(String conversation) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> fixture.assignee(conversation), Objects::nonNull);
    }

    private void handOver(String conversation, String team) {
        given().auth()
                .oauth2(fixture.inbox.manager)
                .contentType("application/json")
                .body(Map.of("teamId", team))
                .put("/api/v1/conversations/" + conversation + "/team")
                .then()
                .statusCode(200);
    }

    private String reply(String conversation, String text) {
        return given().auth()
                .oauth2(fixture.inbox.agent)
                .contentType("application/json")
                .body(Map.of("type", "REPLY", "text", text))
                .post("/api/v1/conversations/" + conversation + "/messages")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private String deliveryStatus(String conversation, String message) {
        return given().auth()
                .oauth2(fixture.inbox.agent)
                .get("/api/v1/conversations/" + conversation + "/messages/" + message)
                .then()
                .statusCode(200)
                .extract()
                .path("deliveryStatus");
    }

    @Test
    void repliesTheirDeliveriesAndEditsStartNoPassWaitingWorkHandedToTheTeamDoes() {
        String shop = fixture.inbox.channel("Shop", Map.of("replyUrl", provider.baseUrl() + "/replies/shop"));
        fixture.availability(fixture.inbox.agent, "ONLINE");
        String agent = fixture.id(fixture.inbox.agent);
        String desk = fixture.team("Desk", List.of(agent));
        String elsewhere = fixture.team("Elsewhere", List.of());
        fixture.route(shop, desk, "OFF").statusCode(200);
        // Waits in another team's queue while the channel auto-assigns to the desk: not the desk's work.
        String handedOver = fixture.newConversation(shop, "handed-over");
        handOver(handedOver, elsewhere);
        fixture.route(shop, desk, "ROUND_ROBIN").statusCode(200);
        String answered = fixture.newConversation(shop, "answered");
        assertEquals(agent, awaitAssignee(answered));

        double before = settled();
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(reply(answered, "Answer " + i));
        }
        for (String message : replies) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> "SENT".equals(deliveryStatus(answered, message)));
        }
        fixture.inbox
                .patch(fixture.inbox.agent, answered, Map.of("labels", List.of("vip"), "priority", "HIGH"))
                .statusCode(200);
        given().auth()
                .oauth2(fixture.inbox.agent)
                .post("/api/v1/conversations/" + answered + "/read")
                .then()
                .statusCode(200);
        assertEquals(before, settled(), "passes started by replies, deliveries, labels, priority or reading");

        // Handed to the desk, it is the desk's work: a pass starts at once and gives it to the desk's agent.
        handOver(handedOver, desk);
        assertEquals(agent, awaitAssignee(handedOver));
        assertTrue(settled() > before, "no pass started by handing waiting work to the team");
    }
}
