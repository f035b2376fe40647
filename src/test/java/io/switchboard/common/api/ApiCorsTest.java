package io.switchboard.common.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.testing.TestTokens;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An SPA served from another origin (one of {@code SWITCHBOARD_CORS_ORIGINS}) can use the whole API from a browser:
 * its preflights allow every header the API reads, and it can read the headers the API answers with. Other origins
 * are refused.
 */
@QuarkusTest
class ApiCorsTest {

    private static final String SPA = "http://localhost:5173";

    private static final List<String> REQUEST_HEADERS =
            List.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "Last-Event-ID");

    @Test
    void aPreflightFromAnSpaOriginAllowsEveryHeaderTheApiReads() {
        for (String[] call : new String[][] {
            {"PATCH", "/api/v1/conversations/c-1"},
            {"POST", "/api/v1/conversations/c-1/messages"},
            {"GET", "/api/v1/stream"},
            {"GET", "/api/v1/conversations"}
        }) {
            Response preflight = given().header("Origin", SPA)
                    .header("Access-Control-Request-Method", call[0])
                    .header("Access-Control-Request-Headers", String.join(",", REQUEST_HEADERS))
                    .options(call[1]);
            assertEquals(200, preflight.statusCode(), call[1]);
            assertEquals(SPA, preflight.header("Access-Control-Allow-Origin"), call[1]);
            assertTrue(
                    listed(preflight.header("Access-Control-Allow-Methods")).contains(call[0].toLowerCase(Locale.ROOT)),
                    call[0] + " " + preflight.header("Access-Control-Allow-Methods"));
            Set<String> allowed = listed(preflight.header("Access-Control-Allow-Headers"));
            for (String header : REQUEST_HEADERS) {
                assertTrue(allowed.contains(header.toLowerCase(Locale.ROOT)), header + " not in " + allowed);
            }
            // Bearer tokens, never cookies: a browser must not send ambient credentials along.
            assertTrue(
                    !"true".equals(preflight.header("Access-Control-Allow-Credentials")),
                    "credentials allowed on " + call[1]);
        }
    }

    @Test
    void anSpaOriginCanReadTheHeadersTheApiAnswersWith() {
        String tenant = TestTokens.newTenant("acme");
        Response answer = given().header("Origin", SPA)
                .auth()
                .oauth2(TestTokens.token(tenant, "alice", "agent"))
                .get("/api/v1/conversations");
        assertEquals(200, answer.statusCode());
        assertEquals(SPA, answer.header("Access-Control-Allow-Origin"));
        Set<String> exposed = listed(answer.header("Access-Control-Expose-Headers"));
        for (String header : List.of("ETag", "Location", "Retry-After")) {
            assertTrue(exposed.contains(header.toLowerCase(Locale.ROOT)), header + " not in " + exposed);
        }
    }

    @Test
    void anotherOriginIsRefused() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization,Last-Event-ID")
                .options("/api/v1/stream")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        // A simple request from it is answered (a browser would send it) but without leave to read the answer.
        given().header("Origin", "https://evil.example")
                .get("/api/v1/me")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        // The chat widget's public paths stay open to any origin, the API's are not.
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/public/v1/chat/k/messages")
                .then()
                .header("Access-Control-Allow-Origin", equalToIgnoringCase("*"))
                .header("Access-Control-Allow-Methods", containsString("POST"));
    }

    private static Set<String> listed(String header) {
        if (header == null) {
            return Set.of();
        }
        return Arrays.stream(header.split(","))
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
