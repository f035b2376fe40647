package io.switchboard.workload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Manual entries, corrections with their history, and who sees what in the handling-time log. */
@QuarkusTest
class WorkSessionResourceTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T10:00:00Z");

    private InboxFixture inbox;
    private String agent;
    private String manager;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture("worklog");
        agent = inbox.operatorId(inbox.agent);
        manager = inbox.operatorId(inbox.manager);
    }

    private ValidatableResponse log(String token, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then();
    }

    private static Map<String, Object> call(Instant startedAt, int seconds, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("channelKind", "PHONE");
        body.put("startedAt", startedAt.toString());
        body.put("durationSeconds", seconds);
        body.put("note", note);
        return body;
    }

    private String logCall(String token, Instant startedAt, int seconds) {
        return log(token, call(startedAt, seconds, "call"))
                .statusCode(201)
                .extract()
                .path("id");
    }

    private ValidatableResponse list(String token, Map<String, ?> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/work-sessions")
                .then();
    }

    private ValidatableResponse patch(String token, String id, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/work-sessions/" + id)
                .then();
    }

    @Test
    void aPhoneCallIsLoggedWithWhoEnteredItAndWhen() {
        Instant before = Instant.now().minusSeconds(1);
        log(inbox.agent, call(MONDAY, 900, "  Called back about the refund  "))
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/work-sessions/"))
                .body("operatorId", equalTo(agent))
                .body("conversationId", nullValue())
                .body("channelId", nullValue())
                .body("channelKind", equalTo("PHONE"))
                .body("source", equalTo("MANUAL"))
                .body("startedAt", equalTo("2026-01-05T10:00:00Z"))
                .body("endedAt", equalTo("2026-01-05T10:15:00Z"))
                .body("durationSeconds", equalTo(900))
                .body("note", equalTo("Called back about the refund"))
                .body("hourlyCost", nullValue())
                .body("createdBy", equalTo(agent))
                .body("updatedBy", equalTo(agent))
                .body("createdAt", notNullValue());
        String createdAt = list(inbox.agent, Map.of()).statusCode(200).extract().path("items[0].createdAt");
        org.junit.jupiter.api.Assertions.assertFalse(Instant.parse(createdAt).isBefore(before));
    }

    @Test
    void invalidEntriesAreRefusedFieldByField() {
        log(inbox.agent, call(Instant.now().plus(1, ChronoUnit.HOURS), 0, "x".repeat(2001)))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("startedAt", "durationSeconds", "note"));
        log(inbox.agent, call(MONDAY, 86_401, null)).statusCode(400).body("errors.field", contains("durationSeconds"));
        Map<String, Object> fax = call(MONDAY, 60, null);
        fax.put("channelKind", "FAX");
        log(inbox.agent, fax).statusCode(400).body("errors.field", contains("channelKind"));
        Map<String, Object> noKind = call(MONDAY, 60, null);
        noKind.remove("channelKind");
        log(inbox.agent, noKind).statusCode(400).body("errors.field", contains("channelKind"));
        Map<String, Object> noStart = call(MONDAY, 60, null);
        noStart.remove("startedAt");
        log(inbox.agent, noStart).statusCode(400).body("errors.field", contains("startedAt"));
        // Far in the past: refused, not an arithmetic overflow (500) further on.
        log(inbox.agent, call(Instant.parse("1999-12-31T23:59:59Z"), 60, null))
                .statusCode(400)
                .body("errors.field", contains("startedAt"));
        log(inbox.agent, call(Instant.MIN, 60, null)).statusCode(400).body("errors.field", contains("startedAt"));
        log(inbox.agent, call(MONDAY, 86_400, null)).statusCode(201);
    }

    @Test
    void aListRangeNoStoredTimeCanReachIsRefusedNotOverflowed() {
        given().auth()
                .oauth2(inbox.agent)
                .queryParam("from", "-999999999-01-01T00:00:00Z")
                .queryParam("to", "+10000-01-01")
                .get("/api/v1/work-sessions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("from", "to"));
    }

    @Test
    void workOnAConversationIsOfItsKindOrPhone() {
        String channel = inbox.channel("API");
        String conversation = inbox.send(channel, "m-1", "c-1", "Carla", "hello");
        Map<String, Object> research = call(MONDAY, 300, "looked it up");
        research.remove("channelKind");
        research.put("conversationId", conversation);
        log(inbox.agent, research)
                .statusCode(201)
                .body("channelKind", equalTo("API"))
                .body("channelId", equalTo(channel))
                .body("conversationId", equalTo(conversation));
        Map<String, Object> phone = call(MONDAY, 120, null);
        phone.put("conversationId", conversation);
        log(inbox.agent, phone)
                .statusCode(201)
                .body("channelKind", equalTo("PHONE"))
                .body("channelId", nullValue())
                .body("conversationId", equalTo(conversation));
        Map<String, Object> wrong = call(MONDAY, 120, null);
        wrong.put("conversationId", conversation);
        wrong.put("channelKind", "EMAIL");
        log(inbox.agent, wrong).statusCode(400).body("errors.field", contains("channelKind"));
        Map<String, Object> foreign = call(MONDAY, 120, null);
        foreign.put("conversationId", "no-such-conversation");
        log(inbox.agent, foreign).statusCode(400).body("errors.field", contains("conversationId"));
    }

    @Test
    void agentsSeeTheirOwnAndManagersEveryones() {
        String mine = logCall(inbox.agent, MONDAY, 60);
        String theirs = logCall(inbox.manager, MONDAY.plusSeconds(60), 60);
        Map<String, Object> forAgent = call(MONDAY.plusSeconds(120), 60, "logged by the manager");
        forAgent.put("operatorId", agent);
        String loggedForAgent = log(inbox.manager, forAgent)
                .statusCode(201)
                .body("operatorId", equalTo(agent))
                .body("createdBy", equalTo(manager))
                .extract()
                .path("id");

        list(inbox.agent, Map.of()).statusCode(200).body("items.id", contains(loggedForAgent, mine));
        list(inbox.agent, Map.of("operator", "me")).statusCode(200).body("items.id", contains(loggedForAgent, mine));
        list(inbox.agent, Map.of("operator", manager)).statusCode(403);
        list(inbox.manager, Map.of()).statusCode(200).body("items.id", contains(loggedForAgent, theirs, mine));
        list(inbox.manager, Map.of("operator", manager)).statusCode(200).body("items.id", contains(theirs));

        given().auth()
                .oauth2(inbox.agent)
                .get("/api/v1/work-sessions/" + theirs)
                .then()
                .statusCode(403);
        patch(inbox.agent, theirs, Map.of("note", "mine now")).statusCode(403);
        given().auth()
                .oauth2(inbox.agent)
                .delete("/api/v1/work-sessions/" + theirs)
                .then()
                .statusCode(403);
        Map<String, Object> forManager = call(MONDAY, 60, null);
        forManager.put("operatorId", manager);
        log(inbox.agent, forManager).statusCode(403);
    }

    @Test
    void correctionsKeepWhoMadeThemAndTheHistory() {
        String id = logCall(inbox.agent, MONDAY, 600);

        patch(inbox.manager, id, Map.of("durationSeconds", 660, "note", "corrected"))
                .statusCode(200)
                .body("durationSeconds", equalTo(660))
                .body("endedAt", equalTo("2026-01-05T10:11:00Z"))
                .body("note", equalTo("corrected"))
                .body("createdBy", equalTo(agent))
                .body("updatedBy", equalTo(manager));
        patch(inbox.agent, id, Map.of("startedAt", "2026-01-05T09:00:00Z"))
                .statusCode(200)
                .body("endedAt", equalTo("2026-01-05T09:11:00Z"))
                .body("updatedBy", equalTo(agent));
        patch(inbox.agent, id, Map.of("durationSeconds", 0))
                .statusCode(400)
                .body("errors.field", contains("durationSeconds"));

        given().auth()
                .oauth2(inbox.agent)
                .delete("/api/v1/work-sessions/" + id)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(inbox.agent)
                .get("/api/v1/work-sessions/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(inbox.manager)
                .get("/api/v1/work-sessions/" + id + "/history")
                .then()
                .statusCode(200)
                .body("action", contains("CREATED", "UPDATED", "UPDATED", "DELETED"))
                .body("changedBy", contains(agent, manager, agent, agent))
                .body("[1].entry.durationSeconds", equalTo(660))
                .body("[3].entry.startedAt", equalTo("2026-01-05T09:00:00Z"));
    }

    @Test
    void liveSessionsOnlyTakeANoteAndCannotBeDeleted() {
        String channel = inbox.channel("API");
        String conversation = inbox.send(channel, "m-live", "c-live", "Lou", "hello");
        String live = given().auth()
                .oauth2(inbox.agent)
                .post("/api/v1/conversations/" + conversation + "/work/heartbeat")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        patch(inbox.agent, live, Map.of("durationSeconds", 3600)).statusCode(409);
        patch(inbox.agent, live, Map.of("note", "tricky customer"))
                .statusCode(200)
                .body("note", equalTo("tricky customer"))
                .body("source", equalTo("LIVE"));
        given().auth()
                .oauth2(inbox.manager)
                .delete("/api/v1/work-sessions/" + live)
                .then()
                .statusCode(409);
        list(inbox.agent, Map.of("source", "LIVE", "conversation", conversation))
                .statusCode(200)
                .body("items.id", contains(live))
                .body("items[0].endedAt", nullValue());
    }

    @Test
    void filtersAndPagesNewestFirst() {
        String channel = inbox.channel("API");
        String conversation = inbox.send(channel, "m-f", "c-f", "Fay", "hello");
        String a = logCall(inbox.agent, MONDAY, 60);
        String b = logCall(inbox.agent, MONDAY.plus(1, ChronoUnit.DAYS), 60);
        Map<String, Object> onConversation = call(MONDAY.plus(2, ChronoUnit.DAYS), 60, null);
        onConversation.remove("channelKind");
        onConversation.put("conversationId", conversation);
        String c = log(inbox.agent, onConversation).statusCode(201).extract().path("id");

        list(inbox.agent, Map.of("kind", "PHONE")).statusCode(200).body("items.id", contains(b, a));
        list(inbox.agent, Map.of("kind", "api")).statusCode(200).body("items.id", contains(c));
        list(inbox.agent, Map.of("conversation", conversation)).statusCode(200).body("items.id", contains(c));
        list(inbox.agent, Map.of("from", "2026-01-06T00:00:00Z", "to", "2026-01-07T00:00:00Z"))
                .statusCode(200)
                .body("items.id", contains(b));
        list(inbox.agent, Map.of("from", "2026-01-07T00:00:00Z", "to", "2026-01-06T00:00:00Z"))
                .statusCode(400)
                .body("errors.field", contains("to"));
        list(inbox.agent, Map.of("kind", "FAX", "from", "yesterday"))
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("kind", "from"));

        String next = list(inbox.agent, Map.of("limit", 2))
                .statusCode(200)
                .body("items.id", contains(c, b))
                .extract()
                .path("nextCursor");
        list(inbox.agent, Map.of("limit", 2, "cursor", next))
                .statusCode(200)
                .body("items.id", contains(a))
                .body("nextCursor", nullValue());
        list(inbox.agent, Map.of("cursor", "not-a-cursor")).statusCode(400);
        list(inbox.manager, Map.of("operator", agent))
                .statusCode(200)
                .body("items.operatorId", everyItem(equalTo(agent)))
                .body("items.id", hasItem(a));
    }

    @Test
    void aRangeOfLocalDaysIsTakenInTheTenantsZoneAsEverywhereARangeIsGiven() {
        given().auth()
                .oauth2(inbox.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", "Pacific/Auckland"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
        // 23:00 on Monday 5 January in Auckland (UTC+13), and 02:00 on the Tuesday.
        String monday = logCall(inbox.agent, MONDAY, 60);
        String tuesday = logCall(inbox.agent, MONDAY.plus(3, ChronoUnit.HOURS), 60);

        list(inbox.agent, Map.of("from", "2026-01-05", "to", "2026-01-06"))
                .statusCode(200)
                .body("items.id", contains(monday));
        list(inbox.agent, Map.of("from", "2026-01-06", "to", "2026-01-06T11:00:00Z"))
                .statusCode(200)
                .body("items.id", contains(tuesday));
        list(inbox.agent, Map.of("from", "5 January"))
                .statusCode(400)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString("ISO date"));
    }

    @Test
    void anotherTenantsEntriesAreNotFound() {
        String id = logCall(inbox.agent, MONDAY, 60);
        String stranger = TestTokens.token(TestTokens.newTenant("worklog-other"), "eve", "admin");
        given().auth()
                .oauth2(stranger)
                .get("/api/v1/work-sessions/" + id)
                .then()
                .statusCode(404);
        patch(stranger, id, Map.of("note", "x")).statusCode(404);
        given().auth()
                .oauth2(stranger)
                .delete("/api/v1/work-sessions/" + id)
                .then()
                .statusCode(404);
        list(stranger, Map.of()).statusCode(200).body("items", org.hamcrest.Matchers.empty());
        list(stranger, Map.of("operator", agent)).statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void anUnauthenticatedCallerIsRefused() {
        given().get("/api/v1/work-sessions").then().statusCode(401);
        List.of("/api/v1/work-sessions")
                .forEach(path -> given().contentType("application/json")
                        .body("{}")
                        .post(path)
                        .then()
                        .statusCode(401));
    }
}
