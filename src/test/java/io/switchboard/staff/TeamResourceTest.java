package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TeamResourceTest {

    private final String tenant = TestTokens.newTenant("teams");
    private final String manager = TestTokens.token(tenant, "mona", "manager");
    private final String agent = TestTokens.token(tenant, "alice", "agent");
    private final String colleague = TestTokens.token(tenant, "andy", "agent");

    private String id(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    private ValidatableResponse create(String token, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/teams")
                .then();
    }

    private ValidatableResponse patch(String token, String id, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/teams/" + id)
                .then();
    }

    @Test
    void managersCreateRenameAndStaffTeams() {
        String alice = id(agent);
        String andy = id(colleague);
        String support = create(manager, Map.of("name", " Support ", "members", List.of(alice)))
                .statusCode(201)
                .body("name", equalTo("Support"))
                .body("members", contains(alice))
                .extract()
                .path("id");
        create(manager, Map.of("name", "Sales")).statusCode(201).body("members", empty());

        patch(manager, support, Map.of("members", List.of(alice, andy, alice)))
                .statusCode(200)
                .body("members", contains(alice, andy));
        patch(manager, support, Map.of("name", "Customer care", "members", List.of(andy)))
                .statusCode(200)
                .body("name", equalTo("Customer care"))
                .body("members", contains(andy));
        given().auth()
                .oauth2(manager)
                .get("/api/v1/teams/" + support)
                .then()
                .statusCode(200)
                .body("name", equalTo("Customer care"))
                .body("members", contains(andy));
        given().auth()
                .oauth2(manager)
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.name", hasItems("Customer care", "Sales"));
    }

    @Test
    void namesAreUniqueInTheTenant() {
        create(manager, Map.of("name", "Billing")).statusCode(201);
        create(manager, Map.of("name", "billing")).statusCode(409);
        String other = create(manager, Map.of("name", "Refunds"))
                .statusCode(201)
                .extract()
                .path("id");
        patch(manager, other, Map.of("name", "Billing")).statusCode(409);
        // Another tenant may use the name.
        create(TestTokens.token(TestTokens.newTenant("teams-other"), "otto", "manager"), Map.of("name", "Billing"))
                .statusCode(201);
    }

    @Test
    void membersMustBeOperatorsOfTheTenant() {
        String alice = id(agent);
        String stranger = id(TestTokens.token(TestTokens.newTenant("teams-other"), "sam", "agent"));
        create(manager, Map.of("name", "Mixed", "members", List.of(alice, stranger, "nobody")))
                .statusCode(400)
                .body("errors.field", contains("members[1]", "members[2]"));
        create(manager, Map.of("name", " ")).statusCode(400).body("errors.field", hasItem("name"));
        String team = create(manager, Map.of("name", "Valid"))
                .statusCode(201)
                .extract()
                .path("id");
        patch(manager, team, Map.of("members", List.of("nobody"))).statusCode(400);
    }

    @Test
    void agentsReadTeamsButMayNotManageThemAndOtherTenantsTeamsAreNotFound() {
        create(agent, Map.of("name", "Rogue")).statusCode(403);
        String team = create(manager, Map.of("name", "Private"))
                .statusCode(201)
                .extract()
                .path("id");
        // Agents hand conversations to teams: they read them, nothing more.
        given().auth().oauth2(agent).get("/api/v1/teams").then().statusCode(200).body("items.id", hasItem(team));
        given().auth().oauth2(agent).get("/api/v1/teams/" + team).then().statusCode(200);
        patch(agent, team, Map.of("name", "Mine")).statusCode(403);

        String otherManager = TestTokens.token(TestTokens.newTenant("teams-other"), "otto", "manager");
        given().auth().oauth2(otherManager).get("/api/v1/teams/" + team).then().statusCode(404);
        given().auth()
                .oauth2(otherManager)
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(team)));
        patch(otherManager, team, Map.of("name", "Taken over")).statusCode(404);
    }
}
