package io.switchboard.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auto-assignment through the real paths: conversations arrive through the API channel's inbound endpoint, and
 * room frees through the API (resolve, availability, capacity, team members). Waiting is checked right after
 * a sweep, whose outcome is the same whichever pass of whichever trigger runs it.
 */
@QuarkusTest
class AutoAssignmentTest {

    @Inject
    AssignmentSweep sweep;

    @Inject
    Sql sql;

    @Inject
    DataSource dataSource;

    private final AssignmentFixture fixture = new AssignmentFixture("auto-assign");
    private String channel;

    @BeforeEach
    void setUp() {
        channel = fixture.inbox.channel("API");
    }

    private String awaitAssignee(String conversation) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> fixture.assignee(conversation), Objects::nonNull);
    }

    private void assertWaiting(String... conversations) {
        sweep.sweep();
        for (String conversation : conversations) {
            assertNull(fixture.assignee(conversation), conversation + " should still wait");
        }
    }

    /** Online operators (tokens), in the order given. */
    private List<String> online(String... usernames) {
        List<String> ids = new ArrayList<>();
        for (String username : usernames) {
            String token = fixture.agentToken(username);
            fixture.availability(token, "ONLINE");
            ids.add(fixture.id(token));
        }
        return ids;
    }

    @Test
    void aNewConversationOfARoutedChannelJoinsItsTeamBeforeAnyoneIsAssigned() {
        String team = fixture.team("Queue", online("quinn"));
        fixture.route(channel, team, "OFF").statusCode(200);

        String conversation = fixture.newConversation(channel, "queued-1");

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> fixture.inbox
                                .conversation(fixture.inbox.manager, conversation)
                                .extract()
                                .path("teamId"),
                        team::equals);
        assertNull(fixture.assignee(conversation));
        org.junit.jupiter.api.Assertions.assertTrue(fixture.inbox
                .listIds(fixture.inbox.manager, java.util.Map.of("team", team, "assignee", "none"))
                .contains(conversation));
    }

    @Test
    void roundRobinGoesToTheMemberWhoWaitedLongest() {
        List<String> members = online("rita", "rob", "ray");
        fixture.route(channel, fixture.team("Round", members), "ROUND_ROBIN").statusCode(200);

        List<String> assignees = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assignees.add(awaitAssignee(fixture.newConversation(channel, "rr-" + i)));
        }

        assertEquals(
                List.of(members.get(0), members.get(1), members.get(2), members.get(0), members.get(1), members.get(2)),
                assignees);
        assertEquals(
                6L,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'ASSIGNEE_CHANGED'"
                                + " AND actor_operator_id IS NULL AND data LIKE '%\"reason\":\"AUTO\"%'",
                        fixture.tenant()));
    }

    @Test
    void leastLoadedGoesToTheLowestShareOfCapacity() {
        List<String> members = online("lea", "leo");
        String lea = members.get(0);
        String leo = members.get(1);
        fixture.capacity(lea, "API", 4);
        fixture.capacity(leo, "API", 4);
        // Lea already has two conversations, given to her by hand before the channel assigned automatically.
        for (int i = 0; i < 2; i++) {
            fixture.assign(fixture.inbox.manager, fixture.newConversation(channel, "pre-" + i), lea)
                    .statusCode(200);
        }
        String team = fixture.team("Loaded", members);
        fixture.route(channel, team, "LEAST_LOADED").statusCode(200).body("autoAssignment", equalTo("LEAST_LOADED"));

        List<String> assignees = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assignees.add(awaitAssignee(fixture.newConversation(channel, "ll-" + i)));
        }

        // Leo (0/4, 1/4) before Lea (2/4); at 2/4 each, Lea got one least recently; Leo (2/4 < 3/4); at 3/4
        // each, Lea again; then Leo, the only one with room left.
        assertEquals(List.of(leo, leo, lea, leo, lea, leo), assignees);
        String full = fixture.newConversation(channel, "ll-full");
        assertWaiting(full);
    }

    @Test
    void waitingConversationsGetRoomAsItFreesLongestWaitingFirst() {
        String ann = online("ann").get(0);
        fixture.capacity(ann, "API", 1);
        fixture.route(channel, fixture.team("Solo", List.of(ann)), "ROUND_ROBIN")
                .statusCode(200);

        String first = fixture.newConversation(channel, "w-1");
        assertEquals(ann, awaitAssignee(first));
        String second = fixture.newConversation(channel, "w-2");
        String third = fixture.newConversation(channel, "w-3");
        assertWaiting(second, third);

        fixture.resolve(first);
        assertEquals(ann, awaitAssignee(second));
        assertWaiting(third);

        fixture.capacity(ann, "API", 2);
        assertEquals(ann, awaitAssignee(third));

        // A snoozed conversation does not count as load: snoozing makes room.
        String fourth = fixture.newConversation(channel, "w-4");
        assertWaiting(fourth);
        fixture.inbox
                .patch(
                        fixture.inbox.manager,
                        second,
                        Map.of("status", "SNOOZED", "snoozedUntil", "2999-01-01T00:00:00Z"))
                .statusCode(200);
        assertEquals(ann, awaitAssignee(fourth));
    }

    @Test
    void offlineAndAwayMembersAreSkippedUntilTheyComeOnline() {
        String ada = online("ada").get(0);
        String bobToken = fixture.agentToken("bob");
        String bob = fixture.id(bobToken);
        fixture.availability(bobToken, "AWAY");
        String cyToken = fixture.agentToken("cy");
        String cy = fixture.id(cyToken); // OFFLINE, as every new operator
        fixture.capacity(ada, "API", 1);
        fixture.route(channel, fixture.team("Shift", List.of(bob, cy, ada)), "ROUND_ROBIN")
                .statusCode(200);

        assertEquals(ada, awaitAssignee(fixture.newConversation(channel, "o-1")));
        String second = fixture.newConversation(channel, "o-2");
        assertWaiting(second);

        fixture.availability(cyToken, "ONLINE");
        assertEquals(cy, awaitAssignee(second));
        fixture.availability(bobToken, "ONLINE");
        // Bob never got one: he is first in line now.
        assertEquals(bob, awaitAssignee(fixture.newConversation(channel, "o-3")));
    }

    @Test
    void aTenantCapacityRaiseOrANewMemberMakesRoom() {
        given().auth()
                .oauth2(fixture.inbox.manager)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("API", 0)))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(200);
        String eve = online("eve").get(0);
        String team = fixture.team("Night", List.of(eve));
        fixture.route(channel, team, "ROUND_ROBIN").statusCode(200);
        String first = fixture.newConversation(channel, "t-1");
        assertWaiting(first);

        given().auth()
                .oauth2(fixture.inbox.manager)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("API", 1)))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(200);
        assertEquals(eve, awaitAssignee(first));

        String second = fixture.newConversation(channel, "t-2");
        assertWaiting(second);
        String fay = online("fay").get(0);
        fixture.members(team, List.of(eve, fay));
        assertEquals(fay, awaitAssignee(second));
        fixture.inbox.conversation(fixture.inbox.manager, second).body("teamId", equalTo(team));
    }

    @Test
    void handedBackConversationsWaitAgainAndChannelsWithoutAutoAssignmentAreLeftAlone() {
        String gil = online("gil").get(0);
        String team = fixture.team("Desk", List.of(gil));
        String conversation = fixture.newConversation(channel, "h-1");
        fixture.route(channel, team, "OFF").statusCode(200);
        assertWaiting(conversation);
        fixture.inbox.conversation(fixture.inbox.manager, conversation).body("teamId", equalTo(team));

        fixture.route(channel, team, "ROUND_ROBIN").statusCode(200);
        assertEquals(gil, awaitAssignee(conversation));
        fixture.route(channel, team, "OFF").statusCode(200);
        fixture.assign(fixture.inbox.manager, conversation, null).statusCode(200);
        assertWaiting(conversation);
    }

    @Test
    void theSweepFindsRoomThatNoTriggerOfThisReplicaAnnounced() {
        String ivy = online("ivy").get(0);
        fixture.capacity(ivy, "API", 0);
        fixture.route(channel, fixture.team("Remote", List.of(ivy)), "ROUND_ROBIN")
                .statusCode(200);
        String conversation = fixture.newConversation(channel, "s-1");
        assertWaiting(conversation);

        // As another replica would have changed it: no trigger here.
        InboxFixture.execute(
                dataSource,
                "UPDATE operator_capacity SET capacity = 1 WHERE operator_id = ? AND channel_kind = 'API'",
                ivy);
        sweep.sweep();

        assertEquals(ivy, fixture.assignee(conversation));
    }

    @Test
    void routingIsValidatedAndForManagers() {
        given().auth()
                .oauth2(fixture.inbox.manager)
                .get("/api/v1/channels/" + channel + "/routing")
                .then()
                .statusCode(200)
                .body("channelId", equalTo(channel))
                .body("teamId", nullValue())
                .body("autoAssignment", equalTo("OFF"));
        fixture.route(channel, null, "ROUND_ROBIN").statusCode(400).body("errors.field", hasItem("teamId"));
        fixture.route(channel, "no-such-team", "OFF").statusCode(400).body("errors.field", hasItem("teamId"));
        fixture.route(channel, null, "SOMETIMES").statusCode(400);
        fixture.route("no-such-channel", null, "OFF").statusCode(404);
        given().auth()
                .oauth2(fixture.inbox.agent)
                .get("/api/v1/channels/" + channel + "/routing")
                .then()
                .statusCode(403);

        String otherManager = TestTokens.token(TestTokens.newTenant("auto-other"), "otto", "manager");
        given().auth()
                .oauth2(otherManager)
                .contentType("application/json")
                .body(Map.of("autoAssignment", "OFF"))
                .put("/api/v1/channels/" + channel + "/routing")
                .then()
                .statusCode(404);
    }
}
