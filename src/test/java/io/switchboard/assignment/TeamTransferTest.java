package io.switchboard.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handing a conversation to a team: its queue, its assignee, who may, and what routing does afterwards. */
@QuarkusTest
class TeamTransferTest {

    @Inject
    AssignmentSweep sweep;

    private final AssignmentFixture fixture = new AssignmentFixture("team-transfer");
    private String channel;

    @BeforeEach
    void setUp() {
        channel = fixture.inbox.channel("API");
    }

    private ValidatableResponse move(String token, String conversationId, String teamId) {
        Map<String, Object> body = new HashMap<>();
        body.put("teamId", teamId);
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .put("/api/v1/conversations/" + conversationId + "/team")
                .then();
    }

    private List<Map<String, Object>> events(String conversationId, String type) {
        return given().auth()
                .oauth2(fixture.inbox.manager)
                .get("/api/v1/conversations/" + conversationId + "/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.type == '" + type + "' }");
    }

    @Test
    void aConversationHandedToATeamWaitsInItsQueueUnlessItsAssigneeIsAMember() {
        String alice = fixture.id(fixture.inbox.agent);
        String andy = fixture.id(fixture.agentToken("andy"));
        String billing = fixture.team("Billing", List.of(andy));
        String kept = fixture.newConversation(channel, "t-kept");
        String handed = fixture.newConversation(channel, "t-handed");
        fixture.assign(fixture.inbox.manager, kept, andy).statusCode(200);
        fixture.assign(fixture.inbox.manager, handed, alice).statusCode(200);

        move(fixture.inbox.manager, kept, billing)
                .statusCode(200)
                .header("ETag", org.hamcrest.Matchers.notNullValue())
                .body("teamId", equalTo(billing))
                .body("assigneeId", equalTo(andy));
        move(fixture.inbox.manager, handed, billing)
                .statusCode(200)
                .body("teamId", equalTo(billing))
                .body("assigneeId", nullValue());

        assertEquals(
                List.of(handed),
                fixture.inbox.listIds(fixture.inbox.manager, Map.of("team", billing, "assignee", "none")));
        List<Map<String, Object>> teamChanges = events(handed, "TEAM_CHANGED");
        assertEquals(1, teamChanges.size());
        assertEquals(billing, ((Map<?, ?>) teamChanges.get(0).get("data")).get("to"));
        assertEquals(fixture.id(fixture.inbox.manager), teamChanges.get(0).get("actorOperatorId"));
        List<Map<String, Object>> assigneeChanges = events(handed, "ASSIGNEE_CHANGED");
        assertEquals(alice, ((Map<?, ?>) assigneeChanges.getLast().get("data")).get("from"));
        assertNull(((Map<?, ?>) assigneeChanges.getLast().get("data")).get("to"));
        // The same team again changes nothing.
        move(fixture.inbox.manager, handed, billing).statusCode(200);
        assertEquals(1, events(handed, "TEAM_CHANGED").size());
        // Out of any team: it keeps its (absent) assignee.
        move(fixture.inbox.manager, kept, null)
                .statusCode(200)
                .body("teamId", nullValue())
                .body("assigneeId", equalTo(andy));
    }

    @Test
    void agentsHandOverWhatIsUnassignedOrTheirsNothingElse() {
        String alice = fixture.id(fixture.inbox.agent);
        String andyToken = fixture.agentToken("andy");
        String andy = fixture.id(andyToken);
        String billing = fixture.team("Billing", List.of(andy));
        String unassigned = fixture.newConversation(channel, "t-free");
        String hers = fixture.newConversation(channel, "t-hers");
        String his = fixture.newConversation(channel, "t-his");
        fixture.assign(fixture.inbox.agent, hers, alice).statusCode(200);
        fixture.assign(andyToken, his, andy).statusCode(200);

        move(fixture.inbox.agent, unassigned, billing).statusCode(200).body("teamId", equalTo(billing));
        move(fixture.inbox.agent, hers, billing).statusCode(200).body("assigneeId", nullValue());
        move(fixture.inbox.agent, his, billing).statusCode(403);
        fixture.inbox.conversation(fixture.inbox.manager, his).body("teamId", nullValue());
        assertEquals(0, events(his, "TEAM_CHANGED").size());
    }

    @Test
    void unknownTeamsAreRefusedAndOtherTenantsConversationsNotFound() {
        String conversation = fixture.newConversation(channel, "t-invalid");
        move(fixture.inbox.manager, conversation, "no-such-team")
                .statusCode(400)
                .body("errors.field", hasItem("teamId"));
        String otherTenant = TestTokens.newTenant("team-transfer-other");
        String otherManager = TestTokens.token(otherTenant, "otto", "manager");
        String theirTeam = given().auth()
                .oauth2(otherManager)
                .contentType("application/json")
                .body(Map.of("name", "Theirs"))
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        move(fixture.inbox.manager, conversation, theirTeam).statusCode(400);
        move(otherManager, conversation, theirTeam).statusCode(404);
        move(fixture.inbox.manager, "no-such-conversation", null).statusCode(404);
        given().auth()
                .oauth2(fixture.inbox.manager)
                .contentType("application/json")
                .put("/api/v1/conversations/" + conversation + "/team")
                .then()
                .statusCode(400);
        fixture.inbox.conversation(fixture.inbox.manager, conversation).body("teamId", nullValue());
    }

    @Test
    void theChannelsRoutingAndAutoAssignmentLeaveAHandedOverConversationToItsTeam() {
        String gil = fixture.id(fixture.agentToken("gil"));
        fixture.availability(fixture.agentToken("gil"), "ONLINE");
        String desk = fixture.team("Desk", List.of(gil));
        String billing = fixture.team("Billing", List.of());
        String other = fixture.team("Other", List.of());
        String handed = fixture.newConversation(channel, "t-routed-handed");
        String stays = fixture.newConversation(channel, "t-routed-stays");
        move(fixture.inbox.manager, handed, billing).statusCode(200);

        fixture.route(channel, desk, "OFF").statusCode(200);
        fixture.inbox.conversation(fixture.inbox.manager, stays).body("teamId", equalTo(desk));
        fixture.inbox.conversation(fixture.inbox.manager, handed).body("teamId", equalTo(billing));

        // Auto-assignment gives the desk's waiting conversation to the desk; billing's is for billing's members.
        fixture.route(channel, desk, "ROUND_ROBIN").statusCode(200);
        sweep.sweep();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> gil.equals(fixture.assignee(stays)));
        sweep.sweep();
        assertNull(fixture.assignee(handed), "billing's conversation went to the channel's team");
        fixture.inbox.conversation(fixture.inbox.manager, handed).body("teamId", equalTo(billing));

        // A new routing moves what waits in the channel's previous team, not what was handed elsewhere.
        fixture.route(channel, other, "OFF").statusCode(200);
        fixture.inbox.conversation(fixture.inbox.manager, handed).body("teamId", equalTo(billing));
    }
}
