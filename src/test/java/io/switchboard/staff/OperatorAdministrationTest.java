package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operators as managers administer them: availability, hourly cost and capacity, and who sees what. */
@QuarkusTest
class OperatorAdministrationTest {

    @Inject
    Sql sql;

    private final String tenant = TestTokens.newTenant("operators");
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

    private ValidatableResponse patch(String token, String operatorId, Object body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/operators/" + operatorId)
                .then();
    }

    private ValidatableResponse availability(String token, String value) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("availability", value))
                .put("/api/v1/operators/me/availability")
                .then();
    }

    private static Map<String, Object> cost(long amountMinor, String currency) {
        return Map.of("hourlyCost", Map.of("amountMinor", amountMinor, "currency", currency));
    }

    @Test
    void availabilityStartsOfflineAndEveryChangeIsAPeriod() {
        String alice = id(agent);
        given().auth()
                .oauth2(agent)
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(200)
                .body("availability", equalTo("OFFLINE"))
                .body("availabilitySince", nullValue());

        availability(agent, "ONLINE")
                .statusCode(200)
                .body("id", equalTo(alice))
                .body("availability", equalTo("ONLINE"))
                .body("availabilitySince", notNullValue());
        availability(agent, "ONLINE").statusCode(200);
        availability(agent, "AWAY").statusCode(200);
        availability(agent, "OFFLINE").statusCode(200).body("availability", equalTo("OFFLINE"));

        assertEquals(
                List.of("ONLINE", "AWAY", "OFFLINE"),
                sql.column(
                        "SELECT availability FROM operator_availability WHERE operator_id = ? ORDER BY started_at",
                        alice));
        // Each period ends where the next begins; only the last is open.
        assertEquals(
                2L,
                sql.count(
                        "SELECT COUNT(*) FROM operator_availability a JOIN operator_availability b"
                                + " ON b.operator_id = a.operator_id AND b.started_at = a.ended_at WHERE a.operator_id = ?",
                        alice));
        assertEquals(
                "OFFLINE",
                sql.single(
                        "SELECT availability FROM operator_availability WHERE operator_id = ? AND ended_at IS NULL",
                        alice));
    }

    @Test
    void availabilityMustBeKnown() {
        given().auth()
                .oauth2(agent)
                .contentType("application/json")
                .body(Map.of("availability", "BUSY"))
                .put("/api/v1/operators/me/availability")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("availability"));
        given().auth()
                .oauth2(agent)
                .contentType("application/json")
                .body("{}")
                .put("/api/v1/operators/me/availability")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("availability"));
    }

    @Test
    void managersSetHourlyCostsWhichAgentsSeeOnlyForThemselves() {
        String alice = id(agent);
        String andy = id(colleague);
        patch(manager, alice, cost(3600, "EUR"))
                .statusCode(200)
                .body("hourlyCost.amountMinor", equalTo(3600))
                .body("hourlyCost.currency", equalTo("EUR"));
        patch(manager, andy, cost(4000, "EUR")).statusCode(200);

        given().auth()
                .oauth2(agent)
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(200)
                .body("hourlyCost.amountMinor", equalTo(3600));
        given().auth()
                .oauth2(agent)
                .get("/api/v1/operators/" + andy)
                .then()
                .statusCode(200)
                .body("name", equalTo("Andy Tester"))
                .body("hourlyCost", nullValue());
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + andy + "' }.hourlyCost.amountMinor", equalTo(4000));

        // A rate from a given date is history; the current one stays until then.
        Map<String, Object> later = Map.of(
                "hourlyCost", Map.of("amountMinor", 5000, "currency", "EUR", "effectiveFrom", "2999-01-01T00:00:00Z"));
        patch(manager, alice, later).statusCode(200).body("hourlyCost.amountMinor", equalTo(3600));
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators/" + alice + "/rates")
                .then()
                .statusCode(200)
                .body("items.amountMinor", contains(3600, 5000))
                .body("items[1].effectiveFrom", equalTo("2999-01-01T00:00:00Z"))
                .body("items[0].setBy", equalTo(id(manager)));
    }

    @Test
    void hourlyCostsAreValidated() {
        String alice = id(agent);
        patch(manager, alice, cost(-1, "EUR")).statusCode(400).body("errors.field", hasItem("hourlyCost.amountMinor"));
        patch(manager, alice, cost(100, "EURO")).statusCode(400).body("errors.field", hasItem("hourlyCost.currency"));
        patch(manager, alice, Map.of("hourlyCost", Map.of("currency", "EUR")))
                .statusCode(400)
                .body("errors.field", hasItem("hourlyCost.amountMinor"));
        patch(manager, alice, cost(3600, "EUR")).statusCode(200);
        // One currency per operator.
        patch(manager, alice, cost(3600, "USD")).statusCode(409);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators/" + alice + "/rates")
                .then()
                .body("items.currency", contains("EUR"));
    }

    @Test
    void capacityComesFromTheProductThenTheTenantThenTheOperator() {
        String alice = id(agent);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators/" + alice)
                .then()
                .body("capacity.CHAT", equalTo(3))
                .body("capacity.EMAIL", equalTo(20))
                .body("capacity.PHONE", equalTo(1));

        given().auth()
                .oauth2(manager)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("CHAT", 5, "SMS", 12)))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(200)
                .body("capacity.CHAT", equalTo(5))
                .body("capacity.SMS", equalTo(12))
                .body("capacity.EMAIL", equalTo(20))
                .body("productDefaults.CHAT", equalTo(3));
        patch(manager, alice, Map.of("capacity", Map.of("CHAT", 2, "EMAIL", 30)))
                .statusCode(200)
                .body("capacity.CHAT", equalTo(2))
                .body("capacity.EMAIL", equalTo(30))
                .body("capacity.SMS", equalTo(12));
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators/" + id(colleague))
                .then()
                .body("capacity.CHAT", equalTo(5))
                .body("capacity.EMAIL", equalTo(20));

        // null removes an override: the operator's falls back to the tenant's, the tenant's to the product's.
        Map<String, Object> removeChat = new HashMap<>();
        removeChat.put("CHAT", null);
        patch(manager, alice, Map.of("capacity", removeChat)).statusCode(200).body("capacity.CHAT", equalTo(5));
        given().auth()
                .oauth2(manager)
                .contentType("application/json")
                .body(Map.of("capacity", removeChat))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(200)
                .body("capacity.CHAT", equalTo(3));
        given().auth()
                .oauth2(manager)
                .get("/api/v1/operators/" + alice)
                .then()
                .body("capacity.CHAT", equalTo(3))
                .body("capacity.EMAIL", equalTo(30));
    }

    @Test
    void capacitiesAreValidated() {
        String alice = id(agent);
        patch(manager, alice, Map.of("capacity", Map.of("FAX", 3, "CHAT", 101, "SMS", -1)))
                .statusCode(400)
                .body("errors.field", hasItem("capacity.FAX"))
                .body("errors.field", hasItem("capacity.CHAT"))
                .body("errors.field", hasItem("capacity.SMS"));
        given().auth()
                .oauth2(manager)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("CARRIER_PIGEON", 1)))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("capacity.CARRIER_PIGEON"));
        // Nothing of a refused request is stored.
        patch(
                        manager,
                        alice,
                        Map.of(
                                "capacity",
                                Map.of("CHAT", 4),
                                "hourlyCost",
                                Map.of("amountMinor", 1, "currency", "EURO")))
                .statusCode(400);
        given().auth().oauth2(manager).get("/api/v1/operators/" + alice).then().body("capacity.CHAT", equalTo(3));
    }

    @Test
    void onlyManagersAdministerOperators() {
        String andy = id(colleague);
        patch(agent, andy, cost(1, "EUR")).statusCode(403);
        patch(agent, id(agent), Map.of("capacity", Map.of("CHAT", 50))).statusCode(403);
        given().auth()
                .oauth2(agent)
                .get("/api/v1/operators/" + andy + "/rates")
                .then()
                .statusCode(403);
        given().auth().oauth2(agent).get("/api/v1/settings/capacity").then().statusCode(403);
        given().auth()
                .oauth2(agent)
                .contentType("application/json")
                .body(Map.of("capacity", Map.of("CHAT", 50)))
                .patch("/api/v1/settings/capacity")
                .then()
                .statusCode(403);
    }

    @Test
    void otherTenantsOperatorsAreNotFound() {
        String alice = id(agent);
        String otherManager = TestTokens.token(TestTokens.newTenant("operators-other"), "otto", "manager");
        patch(otherManager, alice, cost(3600, "EUR")).statusCode(404);
        given().auth()
                .oauth2(otherManager)
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(otherManager)
                .get("/api/v1/operators/" + alice + "/rates")
                .then()
                .statusCode(404);
        patch(manager, "no-such-operator", cost(3600, "EUR")).statusCode(404);
    }
}
