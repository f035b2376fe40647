package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The console is served to anyone (signing in happens in the browser, against Keycloak), with caching that lets a
 * release reach every browser at once; the API around it keeps its authentication and its problem documents.
 */
@QuarkusTest
class ConsoleServingTest {

    private static final Pattern BUNDLE = Pattern.compile("/static/bundle/[A-Za-z0-9_-]+-[A-Z0-9]{8}\\.(js|css)");

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    @Test
    void theConsoleIsServedAtTheRootWithoutSignInAndRevalidatedOnEveryLoad() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .body(containsString("<sb-app>"))
                .body(containsString("/static/bundle/"));
    }

    @Test
    void itsBundlesCarryTheirContentHashAndAreCachedForGood() {
        String index = given().get("/").then().statusCode(200).extract().asString();
        Matcher bundles = BUNDLE.matcher(index);
        int found = 0;
        while (bundles.find()) {
            found++;
            given().get(bundles.group())
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("Content-Length", not("0"));
        }
        assertTrue(found >= 2, "a script and a style sheet named with their hash in:\n" + index);
        given().get("/static/bundle/main-NOTTHERE.js").then().statusCode(404).header("Cache-Control", nullValue());
    }

    @Test
    void theConsoleLearnsWhereToSignInFromThePublicConfiguration() {
        given().get("/console/config.json")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("clientId", equalTo("switchboard-spa"))
                .body("authServerUrl", equalTo(authServerUrl));
    }

    @Test
    void theApiStillNeedsATokenAndUnknownPathsStillGetAProblemDocument() {
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/no/such/page").then().statusCode(404).contentType("application/problem+json");
    }
}
