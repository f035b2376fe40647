package io.switchboard.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.switchboard.demo.DemoSeed;
import io.switchboard.testing.ManualClock;
import io.switchboard.testing.ProviderApis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local run's simulated metrics reads answer the requests the X and Graph readers make, in the shapes those
 * readers parse, with figures that grow as a post ages.
 */
class LocalMetricsFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = DemoSeed.FACEBOOK_PAGE_ID;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(LocalMetricsFake.configure(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort(), clock));
        server.start();
        LocalMetricsFake.install(new WireMock("127.0.0.1", server.port()));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void xAnswersEveryIdAskedForAndTheAccountsFollowers() throws Exception {
        // An id of a post published 3 hours ago (its time is in the id), and two ids without a readable time.
        long snowflake = (clock.instant().minus(Duration.ofHours(3)).toEpochMilli() - 1_288_834_974_657L) << 22;
        List<String> ids = List.of(String.valueOf(snowflake), "181234567890123456", "189876543210987654");
        JsonNode first =
                read(ProviderApis.X + "/2/tweets?ids=" + String.join(",", ids) + "&tweet.fields=public_metrics");
        assertEquals(ids, first.path("data").findValuesAsText("id"));
        for (JsonNode post : first.path("data")) {
            JsonNode m = post.path("public_metrics");
            for (String field : List.of(
                    "retweet_count",
                    "reply_count",
                    "like_count",
                    "quote_count",
                    "bookmark_count",
                    "impression_count")) {
                assertTrue(m.path(field).canConvertToLong(), field);
            }
            assertTrue(m.path("impression_count").asLong() > 100, post.toString());
        }
        clock.advance(Duration.ofDays(2));
        JsonNode later = read(ProviderApis.X + "/2/tweets?ids=" + ids.get(1) + "&tweet.fields=public_metrics");
        assertTrue(later.path("data")
                        .path(0)
                        .path("public_metrics")
                        .path("impression_count")
                        .asLong()
                > first.path("data")
                        .path(1)
                        .path("public_metrics")
                        .path("impression_count")
                        .asLong());

        JsonNode user = read(ProviderApis.X + "/2/users/" + DemoSeed.X_USER_ID + "?user.fields=public_metrics");
        assertTrue(
                user.path("data").path("public_metrics").path("followers_count").asLong() > 1000);
    }

    @Test
    void graphAnswersAPostsCountsItsInsightsAndThePagesFollows() throws Exception {
        String post = PAGE + "_1021000000000042";
        String counts = ProviderApis.META + "/v21.0/" + post
                + "?fields=shares,reactions.summary%28true%29.limit%280%29,comments.summary%28true%29.limit%280%29"
                + "&access_token=demo-page-access-token";
        JsonNode first = read(counts);
        long reactions =
                first.path("reactions").path("summary").path("total_count").asLong();
        assertTrue(reactions > 0, first.toString());
        assertTrue(first.path("comments").path("summary").path("total_count").canConvertToLong());

        JsonNode insights = read(ProviderApis.META + "/v21.0/" + post
                + "/insights?metric=post_media_view,post_total_media_view_unique&access_token=t");
        assertEquals(
                List.of("post_media_view", "post_total_media_view_unique"),
                insights.path("data").findValuesAsText("name"));
        long views = insights.path("data")
                .path(0)
                .path("values")
                .path(0)
                .path("value")
                .asLong();
        long unique = insights.path("data")
                .path(1)
                .path("values")
                .path(0)
                .path("value")
                .asLong();
        assertTrue(views > unique && unique > 0, insights.toString());

        // A retired metric is refused as Graph refuses it.
        HttpResponse<String> refused =
                get(ProviderApis.META + "/v21.0/" + post + "/insights?metric=post_impressions&access_token=t");
        assertEquals(400, refused.statusCode());
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertEquals(100, error.path("code").asInt());
        assertTrue(error.path("message").asText().contains("valid insights metric"));

        clock.advance(Duration.ofDays(1));
        assertTrue(read(counts)
                        .path("reactions")
                        .path("summary")
                        .path("total_count")
                        .asLong()
                > reactions);

        JsonNode follows = read(ProviderApis.META + "/v21.0/" + PAGE + "/insights?metric=page_follows&access_token=t");
        JsonNode values = follows.path("data").path(0).path("values");
        assertTrue(values.get(values.size() - 1).path("value").asLong() > 2000, follows.toString());
    }

    private JsonNode read(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
