package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Tenancy as a user sees it: one tenant never sees another tenant's operators. */
@QuarkusTest
class OperatorIsolationTest {

    private final String acme = TestTokens.newTenant("acme");
    private final String globex = TestTokens.newTenant("globex");

    private String provision(String tenant, String user, String role) {
        return given().auth()
                .oauth2(TestTokens.token(tenant, user, role))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    @Test
    void listShowsOnlyTheCallersTenant() {
        String alice = provision(acme, "alice", "agent");
        String bob = provision(acme, "bob", "manager");
        String gina = provision(globex, "gina", "agent");

        given().auth()
                .oauth2(TestTokens.token(acme, "alice", "agent"))
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(alice, bob))
                .body("nextCursor", nullValue());
        given().auth()
                .oauth2(TestTokens.token(globex, "gina", "agent"))
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items.id", contains(gina))
                .body("items.id", not(hasItem(alice)));
    }

    @Test
    void anotherTenantsOperatorIsNotFoundNotForbidden() {
        String alice = provision(acme, "alice", "agent");
        provision(globex, "gina", "agent");

        given().auth()
                .oauth2(TestTokens.token(acme, "alice", "agent"))
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(200)
                .body("username", equalTo("alice"));
        given().auth()
                .oauth2(TestTokens.token(globex, "gina", "agent"))
                .get("/api/v1/operators/" + alice)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Operator " + alice + " does not exist"));
    }

    @Test
    void cursorPagesThroughEveryOperatorOnce() {
        for (int i = 0; i < 5; i++) {
            provision(acme, "op" + i, "agent");
        }
        String token = TestTokens.token(acme, "op0", "agent");
        var first = given().auth()
                .oauth2(token)
                .queryParam("limit", 2)
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .extract();
        String cursor = first.path("nextCursor");
        var second = given().auth()
                .oauth2(token)
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .extract();
        var third = given().auth()
                .oauth2(token)
                .queryParam("limit", 2)
                .queryParam("cursor", (String) second.path("nextCursor"))
                .get("/api/v1/operators")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("nextCursor", nullValue())
                .extract();
        java.util.List<String> all = new java.util.ArrayList<>();
        all.addAll(first.path("items.username"));
        all.addAll(second.path("items.username"));
        all.addAll(third.path("items.username"));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("op0", "op1", "op2", "op3", "op4"),
                all.stream().sorted().toList());
    }

    @Test
    void badPagingParametersAreProblems() {
        String token = TestTokens.token(acme, "alice", "agent");
        given().auth()
                .oauth2(token)
                .queryParam("limit", 0)
                .get("/api/v1/operators")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
        given().auth()
                .oauth2(token)
                .queryParam("cursor", "%%%")
                .get("/api/v1/operators")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cursor"));
    }
}
