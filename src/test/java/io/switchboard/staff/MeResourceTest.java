package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeResourceTest {

    private final String tenant = TestTokens.newTenant("acme");

    @Test
    void agentSeesTheirProfileTenantAndRole() {
        given().auth()
                .oauth2(TestTokens.token(tenant, "alice", "agent", "offline_access"))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", not(emptyOrNullString()))
                .body("tenant", equalTo(tenant))
                .body("name", equalTo("Alice Tester"))
                .body("email", equalTo("alice@" + tenant + ".example"))
                .body("roles", contains("agent"));
    }

    @Test
    void adminHoldsEveryWeakerRole() {
        given().auth()
                .oauth2(TestTokens.token(tenant, "carol", "admin"))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("roles", contains("admin", "manager", "agent"));
    }

    @Test
    void theSameOperatorIsFoundAgainAndTheirProfileFollowsTheToken() {
        String first = given().auth()
                .oauth2(TestTokens.token(tenant, "andy", "agent"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        // Promoted in Keycloak: the next token carries the new role; the operator stays the same row.
        given().auth()
                .oauth2(TestTokens.token(tenant, "andy", "manager"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(first))
                .body("roles", contains("manager", "agent"));
    }

    @Test
    void theSameSubjectInAnotherTenantIsAnotherOperator() {
        String other = TestTokens.newTenant("globex");
        String here = given().auth()
                .oauth2(TestTokens.builder(tenant, "gina", "agent")
                        .subject("shared")
                        .sign())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        given().auth()
                .oauth2(TestTokens.builder(other, "gina", "agent")
                        .subject("shared")
                        .sign())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(other))
                .body("id", not(equalTo(here)));
    }
}
