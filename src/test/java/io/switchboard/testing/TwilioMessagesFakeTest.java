package io.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Twilio fake on a standalone WireMockServer, as a test that starts its own server uses it. */
class TwilioMessagesFakeTest {

    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(TwilioMessagesFake.configure(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()));
        server.start();
        TwilioMessagesFake.install(new WireMock("127.0.0.1", server.port()), "", ACCOUNT);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String to, String from, String body) throws Exception {
        String form = "To=" + encode(to) + "&From=" + encode(from) + (body == null ? "" : "&Body=" + encode(body))
                + "&StatusCallback=" + encode("https://sb.example/webhooks/sms/k/status?delivery=d-" + body);
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + TwilioMessagesFake.messagesPath("", ACCOUNT)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode list(String uri) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(base() + uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return JSON.readTree(response.body());
    }

    @Test
    void theListIsWhatWasAcceptedNewestFirstWithTheSidsThePostsGot() throws Exception {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var answer = send("+4915100000001", "+14155550100", "Message " + i);
            assertEquals(201, answer.statusCode());
            JsonNode created = JSON.readTree(answer.body());
            assertTrue(created.get("sid").asText().matches("SM[0-9a-f]{32}"), answer.body());
            assertEquals("queued", created.get("status").asText());
            sids.add(created.get("sid").asText());
        }
        send("+4915100000002", "+14155550100", "Someone else");

        JsonNode page = list(TwilioMessagesFake.messagesPath("", ACCOUNT) + "?To=%2B4915100000001&From=%2B14155550100"
                + "&PageSize=2");

        assertEquals(2, page.get("messages").size());
        assertEquals(sids.get(4), page.get("messages").get(0).get("sid").asText(), "newest first");
        assertEquals("Message 4", page.get("messages").get(0).get("body").asText());
        assertEquals("+4915100000001", page.get("messages").get(0).get("to").asText());
        ZonedDateTime.parse(
                page.get("messages").get(0).get("date_created").asText(), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(page.get("messages").get(0).get("date_created").asText().endsWith(" +0000"));
        List<String> listed = new ArrayList<>();
        while (true) {
            page.get("messages").forEach(m -> listed.add(m.get("sid").asText()));
            if (page.get("next_page_uri").isNull()) {
                break;
            }
            page = list(page.get("next_page_uri").asText());
        }
        assertEquals(sids.reversed(), listed);
        assertEquals(
                6,
                TwilioMessagesFake.accepted(server.getAllServeEvents(), TwilioMessagesFake.messagesPath("", ACCOUNT))
                        .size());
    }

    @Test
    void refusedPostsAreNotMessages() throws Exception {
        var noBody = send("+4915100000001", "+14155550100", null);
        assertEquals(400, noBody.statusCode());
        assertEquals(21602, JSON.readTree(noBody.body()).get("code").asInt());
        var noTo = send("", "+14155550100", "Hi");
        assertEquals(21604, JSON.readTree(noTo.body()).get("code").asInt());
        server.stubFor(post(urlPathEqualTo(TwilioMessagesFake.messagesPath("", ACCOUNT)))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        assertEquals(500, send("+4915100000001", "+14155550100", "Down").statusCode());

        JsonNode page = list(TwilioMessagesFake.messagesPath("", ACCOUNT) + "?To=%2B4915100000001");
        assertEquals(0, page.get("messages").size());
        assertTrue(page.get("next_page_uri").isNull());
    }

    @Test
    void aTestsOwnStubsAnswerStillCountsWithItsSid() throws Exception {
        server.stubFor(post(urlPathEqualTo(TwilioMessagesFake.messagesPath("", ACCOUNT)))
                .atPriority(1)
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\": \"SMfixed\", \"status\": \"queued\"}")));
        send("+4915100000003", "+14155550100", "Fixed");
        var accepted =
                TwilioMessagesFake.accepted(server.getAllServeEvents(), TwilioMessagesFake.messagesPath("", ACCOUNT));
        assertEquals(1, accepted.size());
        assertEquals("SMfixed", accepted.get(0).sid());
        assertEquals("Fixed", accepted.get(0).body());
        assertNotEquals(null, accepted.get(0).statusCallback());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
