package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Who gets in: 401 for no or a bad token, 403 for a token without a tenant or without a role. */
@QuarkusTest
class AuthenticationTest {

    private final String tenant = TestTokens.newTenant("acme");

    @Test
    void noTokenIs401Problem() {
        given().when()
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void malformedTokenIs401() {
        given().auth()
                .oauth2("not-a-jwt")
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tamperedSignatureIs401() {
        String token = TestTokens.token(tenant, "alice", "agent");
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace(tenant, "globex")
                        .getBytes());
        given().auth()
                .oauth2(parts[0] + "." + forgedPayload + "." + parts[2])
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void expiredTokenIs401() {
        String token =
                TestTokens.builder(tenant, "alice", "agent").expiresIn(-600).sign();
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudienceIs401() {
        String token = TestTokens.builder(tenant, "alice", "agent")
                .audience("some-other-api")
                .sign();
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void tokenFromAnotherIssuerIs401() {
        String token = TestTokens.builder(tenant, "alice", "agent")
                .issuer("https://evil.example.com")
                .sign();
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void tokenWithoutTenantClaimIs403() {
        given().auth()
                .oauth2(TestTokens.token(null, "drifter", "agent"))
                .get("/api/v1/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The token carries no tenant claim"));
    }

    @Test
    void tokenWithMalformedTenantClaimIs403() {
        given().auth()
                .oauth2(TestTokens.token("Acme Corp; DROP", "drifter", "agent"))
                .get("/api/v1/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void tokenWithoutAnyServiceRoleIs403() {
        given().auth()
                .oauth2(TestTokens.token(tenant, "visitor", "offline_access"))
                .get("/api/v1/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }
}
