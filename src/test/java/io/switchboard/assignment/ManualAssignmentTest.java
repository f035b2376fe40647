package io.switchboard.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.inbox.InboxActivity;
import io.switchboard.testing.TestTokens;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Assignment by hand: who may assign whom, and what each change leaves behind. */
@QuarkusTest
class ManualAssignmentTest {

    @Inject
    Heard heard;

    private final AssignmentFixture fixture = new AssignmentFixture("manual-assign");
    private String channel;

    @BeforeEach
    void setUp() {
        channel = fixture.inbox.channel("API");
    }

    private List<Map<String, Object>> assigneeEvents(String conversationId) {
        JsonPath events = given().auth()
                .oauth2(fixture.inbox.manager)
                .get("/api/v1/conversations/" + conversationId + "/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return events.getList("items.findAll { it.type == 'ASSIGNEE_CHANGED' }");
    }

    @Test
    void agentsTakeUnassignedConversationsAndHandBackTheirOwn() {
        String alice = fixture.id(fixture.inbox.agent);
        String conversation = fixture.newConversation(channel, "c-take");
        long version = ((Number) fixture.inbox
                        .conversation(fixture.inbox.agent, conversation)
                        .extract()
                        .path("version"))
                .longValue();

        fixture.assign(fixture.inbox.agent, conversation, alice)
                .statusCode(200)
                .header("ETag", equalTo("\"" + (version + 1) + "\""))
                .body("assigneeId", equalTo(alice))
                .body("version", equalTo((int) version + 1));
        // Taking it again changes nothing.
        fixture.assign(fixture.inbox.agent, conversation, alice)
                .statusCode(200)
                .body("version", equalTo((int) version + 1));
        fixture.assign(fixture.inbox.agent, conversation, null).statusCode(200).body("assigneeId", nullValue());

        List<Map<String, Object>> events = assigneeEvents(conversation);
        assertEquals(2, events.size());
        assertEquals(alice, events.get(0).get("actorOperatorId"));
        assertEquals(Map.of("to", alice, "reason", "MANUAL"), withoutNulls(events.get(0)));
        assertEquals(Map.of("from", alice, "reason", "MANUAL"), withoutNulls(events.get(1)));
        Instant at = Instant.parse((String) events.get(0).get("createdAt"));
        assertEquals(true, Duration.between(at, Instant.now()).abs().toMinutes() < 5);
    }

    @Test
    void agentsMayNotAssignOthersNorTakeWhatIsTaken() {
        String alice = fixture.id(fixture.inbox.agent);
        String andyToken = fixture.agentToken("andy");
        String andy = fixture.id(andyToken);
        String conversation = fixture.newConversation(channel, "c-rules");

        fixture.assign(fixture.inbox.agent, conversation, andy).statusCode(403);
        fixture.assign(andyToken, conversation, andy).statusCode(200);
        fixture.assign(fixture.inbox.agent, conversation, alice).statusCode(403);
        fixture.assign(fixture.inbox.agent, conversation, null).statusCode(403);
        assertEquals(andy, fixture.assignee(conversation));
        assertEquals(1, assigneeEvents(conversation).size());
    }

    @Test
    void managersAssignAnyoneAndEveryChangeIsRecorded() {
        String alice = fixture.id(fixture.inbox.agent);
        String andy = fixture.id(fixture.agentToken("andy"));
        String mona = fixture.id(fixture.inbox.manager);
        String conversation = fixture.newConversation(channel, "c-manager");

        fixture.assign(fixture.inbox.manager, conversation, alice)
                .statusCode(200)
                .body("assigneeId", equalTo(alice));
        fixture.assign(fixture.inbox.manager, conversation, andy)
                .statusCode(200)
                .body("assigneeId", equalTo(andy));
        fixture.assign(fixture.inbox.manager, conversation, null)
                .statusCode(200)
                .body("assigneeId", nullValue());

        List<Map<String, Object>> events = assigneeEvents(conversation);
        assertEquals(3, events.size());
        assertEquals(Map.of("to", alice, "reason", "MANUAL"), withoutNulls(events.get(0)));
        assertEquals(Map.of("from", alice, "to", andy, "reason", "REASSIGNED"), withoutNulls(events.get(1)));
        assertEquals(Map.of("from", andy, "reason", "MANUAL"), withoutNulls(events.get(2)));
        events.forEach(e -> assertEquals(mona, e.get("actorOperatorId")));
        // Live updates hear of each change after its commit.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> heard.updates.stream()
                                .filter(a -> a.conversationId().equals(conversation))
                                .count()
                        >= 3);
    }

    @Test
    void unknownOperatorsAreRefusedAndOtherTenantsConversationsNotFound() {
        String conversation = fixture.newConversation(channel, "c-invalid");
        fixture.assign(fixture.inbox.manager, conversation, "nobody")
                .statusCode(400)
                .body("errors.field", hasItem("operatorId"));
        String stranger = fixture.id(TestTokens.token(TestTokens.newTenant("manual-other"), "sam", "agent"));
        fixture.assign(fixture.inbox.manager, conversation, stranger).statusCode(400);
        fixture.assign(fixture.inbox.manager, "no-such-conversation", null).statusCode(404);

        String otherManager = TestTokens.token(TestTokens.newTenant("manual-other"), "otto", "manager");
        fixture.assign(otherManager, conversation, null).statusCode(404);
        given().auth()
                .oauth2(fixture.inbox.manager)
                .contentType("application/json")
                .put("/api/v1/conversations/" + conversation + "/assignee")
                .then()
                .statusCode(400);
        fixture.inbox.conversation(fixture.inbox.manager, conversation).body("assigneeId", nullValue());
    }

    @Test
    void assigningJoinsTheConversationToItsChannelsTeam() {
        String alice = fixture.id(fixture.inbox.agent);
        String team = fixture.team("Front desk", List.of(alice));
        fixture.route(channel, team, "OFF").statusCode(200);
        String conversation = fixture.newConversation(channel, "c-team");

        fixture.assign(fixture.inbox.agent, conversation, alice)
                .statusCode(200)
                .body("teamId", equalTo(team))
                .body("assigneeId", notNullValue());
        assertEquals(List.of(conversation), fixture.inbox.listIds(fixture.inbox.manager, Map.of("team", team)));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        return data.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Singleton
    static class Heard {
        final List<InboxActivity> updates = new CopyOnWriteArrayList<>();

        void on(@ObservesAsync InboxActivity activity) {
            if (activity.type() == InboxActivity.Type.CONVERSATION_UPDATED) {
                updates.add(activity);
            }
        }
    }
}
