package io.switchboard.common.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.RawRequests;
import io.switchboard.testing.RawRequests.Answer;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The request line (4096 characters) and the headers (16 KiB) are held to the service's limits with a problem
 * document a client can read, not the HTTP codec's bare 414/431: exactly at a limit the request is served, one
 * character over it is refused, before authentication and with the CORS headers a browser needs to read it. Raw
 * sockets, so that the request's bytes are exactly the ones counted, and so that the test sees the server close the
 * connection after a refusal whose body it did not read (each {@code send} reads until the server closes).
 */
@QuarkusTest
class RequestHeadLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** "GET " + target + " HTTP/1.1" is exactly {@code length} characters long. */
    private static String targetForRequestLine(int length) {
        String prefix = "/api/v1/me?pad=";
        return prefix + "x".repeat(length - "GET ".length() - " HTTP/1.1".length() - prefix.length());
    }

    @Test
    void aRequestLineAtTheLimitIsServedAndOneCharacterMoreIs414ProblemJson() throws IOException {
        Answer atLimit = send(
                "GET " + targetForRequestLine(4096) + " HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
        // Served: the API asks for a token.
        assertEquals(401, atLimit.status(), atLimit.toString());

        Answer over = send("GET " + targetForRequestLine(4097) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(414, over.status(), over.toString());
        assertThat(over.header("content-type"), startsWith("application/problem+json"));
        assertThat(over.header("connection"), equalTo("close"));
        JsonNode problem = JSON.readTree(over.body());
        assertThat(problem.path("type").asText(), equalTo("urn:switchboard:problem:uri-too-long"));
        assertThat(problem.path("status").asInt(), equalTo(414));
        assertThat(problem.path("detail").asText(), containsString("4096"));
    }

    @Test
    void headersAtTheLimitAreServedAndOneByteMoreIs431ProblemJson() throws IOException {
        // "Host: localhost\r\n" (17) + "Connection: close\r\n" (19) + "X-Pad: " + value + "\r\n" (9 + n) = 16 KiB.
        int padAtLimit = 16 * 1024 - 17 - 19 - 9;
        Answer atLimit = send("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Pad: "
                + "y".repeat(padAtLimit) + "\r\n\r\n");
        assertEquals(401, atLimit.status(), atLimit.toString());

        Answer over = send("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Pad: "
                + "y".repeat(padAtLimit + 1) + "\r\n\r\n");
        assertEquals(431, over.status(), over.toString());
        assertThat(over.header("content-type"), startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(over.body());
        assertThat(problem.path("type").asText(), equalTo("urn:switchboard:problem:request-header-fields-too-large"));
        assertThat(problem.path("status").asInt(), equalTo(431));
    }

    @Test
    void manySmallHeadersCountTogether() throws IOException {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            headers.append("X-Pad-")
                    .append(i)
                    .append(": ")
                    .append("z".repeat(40))
                    .append("\r\n");
        }
        Answer over = send("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n");
        assertEquals(431, over.status(), over.toString());
        assertThat(over.header("content-type"), startsWith("application/problem+json"));
    }

    @Test
    void aBrowserApplicationCanReadTheRefusal() throws IOException {
        Answer over = send("GET " + targetForRequestLine(6000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Origin: http://localhost:5173\r\nConnection: close\r\n\r\n");
        assertEquals(414, over.status(), over.toString());
        assertThat(over.header("access-control-allow-origin"), equalTo("http://localhost:5173"));
    }

    @Test
    void aRefusedWebhookWithABodyIsAnsweredAndTheConnectionClosed() throws IOException {
        // The body is not processed, so the connection is not reused: the server closes it after its answer.
        String body = "From=%2B14155550100&Body=hi";
        Answer over = send("POST /webhooks/sms/some-key?" + "p".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body);
        assertEquals(414, over.status(), over.toString());
        assertThat(over.header("connection"), equalTo("close"));
    }

    @Test
    void aBodyRefusedByItsLengthIsAnsweredAndTheConnectionClosed() throws IOException {
        // 413 by Content-Length before the body is read: the server reads and drops the rest (so that the client
        // can read the answer instead of a reset), then closes; the body is never taken for a next request.
        String body = "{\"name\": \"" + "n".repeat(1_100_000) + "\"}";
        Answer over = send("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertEquals(413, over.status(), over.toString());
        assertThat(over.header("connection"), equalTo("close"));
        assertThat(over.header("content-type"), startsWith("application/problem+json"));
    }

    /** Sends the request and reads the answer until the server closes the connection. */
    private Answer send(String request) throws IOException {
        return RawRequests.send(base, "127.0.0.1", request);
    }
}
