package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.switchboard.testing.KeycloakServer;
import io.switchboard.testing.KeycloakTestResource;
import io.switchboard.testing.KeycloakTestResource.InjectKeycloak;
import io.switchboard.testing.ProductionSettingsTestResource;
import org.junit.jupiter.api.Test;

/**
 * The packaged service against a real Keycloak started from its distribution with the shipped realm: the
 * demo users log in by password grant and see exactly their own tenant.
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
class KeycloakEndToEndIT {

    private static final String CLIENT = "switchboard-api";
    private static final String SECRET = "switchboard-api-demo-secret";

    @InjectKeycloak
    KeycloakServer keycloak;

    private String login(String user) {
        return keycloak.passwordGrantToken(CLIENT, SECRET, user, user + "-pw");
    }

    @Test
    void aliceSeesHerTenantAndRole() {
        given().auth()
                .oauth2(login("alice"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo("acme"))
                .body("name", equalTo("Alice Anders"))
                .body("email", equalTo("alice@acme.example"))
                .body("roles", contains("agent"));
    }

    @Test
    void carolTheAdminHoldsEveryRole() {
        given().auth()
                .oauth2(login("carol"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo("acme"))
                .body("roles", contains("admin", "manager", "agent"));
    }

    @Test
    void ginaSeesNothingOfAcme() {
        String alice = given().auth()
                .oauth2(login("alice"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String gina = given().auth()
                .oauth2(login("gina"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo("globex"))
                .extract()
                .path("id");

        given().auth()
                .oauth2(login("gina"))
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(gina))
                .body("items.id", not(hasItem(alice)));
        given().auth()
                .oauth2(login("gina"))
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(login("alice"))
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(200)
                .body("username", equalTo("alice"));
    }

    @Test
    void aForgedTokenIsRefused() {
        String token = login("gina");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        given().auth().oauth2(forged).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
    }
}
