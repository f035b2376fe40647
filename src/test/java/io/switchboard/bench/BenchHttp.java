package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The requests the benchmark and drill harnesses make of the packaged service. */
final class BenchHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;

    BenchHttp(int port) {
        this.port = port;
    }

    /** A JSON request as {@code token}; the answer's JSON, or an exception unless it has {@code expected} status. */
    JsonNode call(String token, String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> response =
                http.send(request(token, method, path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** An operator's text reply to a conversation (202); returns the reply's message id. */
    String reply(String token, String conversationId, String text) throws Exception {
        return call(
                        token,
                        "POST",
                        "/api/v1/conversations/" + conversationId + "/messages",
                        Map.of("type", "REPLY", "text", text),
                        202)
                .get("id")
                .asText();
    }

    /** Creates an API channel whose replies go to {@code replyUrl}; its id. */
    String apiChannel(String admin, String name, String replyUrl) throws Exception {
        return call(
                        admin,
                        "POST",
                        "/api/v1/channels",
                        Map.of("kind", "API", "name", name, "config", Map.of("replyUrl", replyUrl)),
                        201)
                .get("id")
                .asText();
    }

    /**
     * Creates an SMS channel of the Twilio-style account {@code accountSid} with the benchmarks' auth token (see
     * {@link IngestBenchmark#twilioSignature}); the answer (its {@code id} and webhook {@code key}).
     */
    JsonNode smsChannel(String admin, String accountSid) throws Exception {
        return call(
                admin,
                "POST",
                "/api/v1/channels",
                Map.of(
                        "kind", "SMS",
                        "name", "SMS",
                        "config",
                                Map.of(
                                        "accountSid", accountSid,
                                        "authToken", "bench0auth0token0000000000000000",
                                        "phoneNumber", "+14155550100")),
                201);
    }

    /**
     * Opens {@code count} conversations on an API channel, each with an inbound message {@code text} from its own
     * sender ({@code user-<i>}); their ids.
     */
    List<String> inboundConversations(String agent, String channelId, int count, String text) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(call(
                            agent,
                            "POST",
                            "/api/v1/channels/" + channelId + "/inbound",
                            Map.of(
                                    "externalId",
                                    "in-" + i,
                                    "sender",
                                    Map.of("id", "user-" + i, "name", "User " + i),
                                    "text",
                                    text),
                            201)
                    .get("conversationId")
                    .asText());
        }
        return ids;
    }

    /** A JSON request as {@code token}: its status, or -1 when no answer came. */
    int status(String token, String method, String path, Object body) {
        try {
            return http.send(request(token, method, path, body), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * A Twilio-style inbound SMS webhook to {@code url}, signed with the benchmarks' auth token (see {@link
     * IngestBenchmark#twilioSignature}): its status, or the exception's name when no answer came.
     */
    String smsWebhook(String url, String accountSid, String messageSid, String from, String text) {
        Map<String, String> params = new TreeMap<>();
        params.put("AccountSid", accountSid);
        params.put("MessageSid", messageSid);
        params.put("From", from);
        params.put("To", "+14155550100");
        params.put("Body", text);
        params.put("NumMedia", "0");
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return String.valueOf(http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .header("X-Twilio-Signature", IngestBenchmark.twilioSignature(url, params))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** A plain GET without credentials (health, metrics): the body. */
    String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    int getStatus(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** An answer's status and {@code Retry-After}; status -1 when none came (the exception's name instead). */
    record Answer(int status, String retryAfter) {}

    /** A GET as {@code token}, answered within 30 s or counted as no answer. */
    Answer read(String token, String path) {
        try {
            HttpResponse<Void> response =
                    http.send(request(token, "GET", path, null), HttpResponse.BodyHandlers.discarding());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        } catch (Exception e) {
            return new Answer(-1, e.getClass().getSimpleName());
        }
    }

    private HttpRequest request(String token, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }
}
