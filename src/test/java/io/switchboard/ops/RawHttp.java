package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.contract.ApiContract;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends requests exactly as given (method, path with query, headers, raw body bytes), which the spec-driven tests
 * need: malformed JSON, odd content types and headers that a friendlier client would fix. A server-sent event
 * stream is closed as soon as its headers arrived.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private HttpClient client = newClient();

    RawHttp(URL base) {
        String url = base.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String base() {
        return base;
    }

    /** A request to send: {@code target} is the path with its query, already encoded. */
    record Call(String method, String target, Map<String, String> headers, byte[] body) {

        static Call of(String method, String target) {
            return new Call(method, target, new LinkedHashMap<>(), null);
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Call json(JsonNode body) {
            try {
                return withBody("application/json", JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Call withBody(String contentType, byte[] bytes) {
            Call call = new Call(method, target, headers, bytes);
            if (contentType != null) {
                call.headers.put("Content-Type", contentType);
            }
            return call;
        }

        Call withBody(String contentType, String text) {
            return withBody(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        String describe() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (shown.length() > 300) {
                shown = shown.substring(0, 300) + "…(" + body.length + " bytes)";
            }
            Map<String, String> visible = new LinkedHashMap<>(headers);
            visible.computeIfPresent("Authorization", (k, v) -> "Bearer …");
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "…" : target) + " " + visible
                    + (shown.isEmpty() ? "" : " " + shown);
        }
    }

    /** The answer: status, content type and body (empty for an event stream). */
    record Answer(int status, String contentType, String body) {

        boolean problem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /**
         * Whether the body is an RFC 9457 problem document for this status, as the spec's Problem schema describes
         * it (the fuzzer and the isolation matrix send requests REST Assured would not, so they check here).
         */
        boolean wellFormedProblem() {
            if (!problem()) {
                return false;
            }
            JsonNode problem = json();
            return problem != null
                    && problem.path("type").isTextual()
                    && problem.path("title").isTextual()
                    && problem.path("status").asInt() == status
                    && ApiContract.load()
                            .problemMismatches("answer", status, contentType, body.getBytes(StandardCharsets.UTF_8))
                            .isEmpty();
        }

        @Override
        public String toString() {
            String shown = body.length() > 400 ? body.substring(0, 400) + "…" : body;
            return status + " " + contentType + " " + shown;
        }
    }

    Answer send(Call call) {
        HttpRequest.BodyPublisher publisher = call.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.target()))
                .timeout(Duration.ofSeconds(30))
                .method(call.method(), publisher);
        call.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            if (response.headers().firstValue("Connection").orElse("").equalsIgnoreCase("close")
                    || response.statusCode() == 413
                    || response.statusCode() == 414
                    || response.statusCode() == 431) {
                // The server closes this connection; the next request must not be sent on it from the pool.
                client = newClient();
            }
            try (InputStream in = response.body()) {
                if (contentType != null && contentType.startsWith("text/event-stream")) {
                    return new Answer(response.statusCode(), contentType, "");
                }
                return new Answer(
                        response.statusCode(), contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("No answer to " + call.describe(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
