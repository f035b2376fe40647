package io.switchboard.engagement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics of published posts: a page post and an X post published through the API, then fetched by the collector
 * from the providers (WireMock, with payloads shaped as the Graph API and X API v2 document them) on the decaying
 * schedule, within the tenant's X read budget, through a retired insights metric, rate limits and failures. Each
 * test has a tenant and channels of its own.
 */
@QuarkusTest
class PostMetricsTest {

    @Inject
    Sql sql;

    @Inject
    MetricsCollector collector;

    private final InboxFixture f = new InboxFixture("metrics");
    private final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));
    private final String xToken = "x-token-" + suffix;
    private final String pageId = "8" + suffix;
    private String xChannel;
    private String pageChannel;

    @BeforeEach
    void channels() {
        xChannel = channel("X", Map.of("userId", suffix, "consumerSecret", "cs" + suffix, "accessToken", xToken));
        pageChannel = channel(
                "FACEBOOK",
                Map.of(
                        "pageId", pageId,
                        "appSecret", "as" + suffix,
                        "verifyToken", "vt" + suffix,
                        "pageAccessToken", "pt" + suffix));
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("approvalRequired", false))
                .put("/api/v1/settings/publishing")
                .then()
                .statusCode(200);
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(wireMock::removeStubMapping);
    }

    private String channel(String kind, Map<String, String> config) {
        return given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", kind + " " + suffix, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private void stub(MappingBuilder mapping) {
        stubs.add(wireMock.register(mapping));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private ValidatableResponse postView(String id) {
        return given().auth().oauth2(f.agent).get("/api/v1/posts/" + id).then().statusCode(200);
    }

    private ValidatableResponse metrics(String id) {
        return given().auth()
                .oauth2(f.manager)
                .get("/api/v1/posts/" + id + "/metrics")
                .then()
                .statusCode(200);
    }

    private ValidatableResponse engagementSettings() {
        return given().auth()
                .oauth2(f.manager)
                .get("/api/v1/settings/engagement")
                .then()
                .statusCode(200);
    }

    /** This test's reads of X posts (its token is its own). */
    private com.github.tomakehurst.wiremock.matching.RequestPatternBuilder xReads() {
        return getRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken));
    }

    private static Instant instant(Object column) {
        return column instanceof java.sql.Timestamp t
                ? t.toLocalDateTime().toInstant(ZoneOffset.UTC)
                : ((LocalDateTime) column).toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** As if the watch's post had gone out {@code ago} before now, and its fetch were due. */
    private void publishedAgo(String channelId, Duration ago) {
        Instant now = Instant.now();
        sql.update(
                "UPDATE post_metrics_watch SET published_at = ?, next_fetch_at = ? WHERE channel_id = ?",
                utc(now.minus(ago)),
                utc(now.minusSeconds(1)),
                channelId);
    }

    /** Watches as a publication would have left them, for counts of posts that the API would take long to make. */
    private void watch(String deliveryId, String providerPostId, Instant publishedAt) {
        sql.update(
                "INSERT INTO post_metrics_watch (delivery_id, tenant_id, post_id, publication_id, channel_id,"
                        + " channel_kind, provider_post_id, published_at, next_fetch_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'X', ?, ?, ?)",
                deliveryId,
                f.tenant,
                "post-" + suffix,
                "publication-" + suffix,
                xChannel,
                providerPostId,
                utc(publishedAt),
                utc(Instant.now().minusSeconds(1)));
    }

    private static String tweet(String id, int likes, int replies, int reposts, int quotes, int bookmarks, int views) {
        return "{\"id\":\"" + id + "\",\"edit_history_tweet_ids\":[\"" + id + "\"],\"text\":\"Winter sale\","
                + "\"public_metrics\":{\"retweet_count\":" + reposts + ",\"reply_count\":" + replies
                + ",\"like_count\":" + likes + ",\"quote_count\":" + quotes + ",\"bookmark_count\":" + bookmarks
                + ",\"impression_count\":" + views + "}}";
    }

    private void xFollowers(long count) {
        stub(get(urlPathEqualTo(ProviderApis.X + "/2/users/" + suffix))
                .withQueryParam("user.fields", WireMock.equalTo("public_metrics"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .willReturn(json(
                        200,
                        "{\"data\":{\"id\":\"" + suffix + "\",\"name\":\"Acme\",\"username\":\"acme" + suffix
                                + "\",\"public_metrics\":{\"followers_count\":" + count
                                + ",\"following_count\":12,\"tweet_count\":345,\"listed_count\":3,"
                                + "\"like_count\":9}}}")));
    }

    private static final String INVALID_METRIC = "{\"error\":{\"message\":\"(#100) The value must be a valid"
            + " insights metric\",\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}";

    @Test
    void aPublishedPostsMetricsAreFetchedOnTheScheduleAndARetiredInsightsMetricIsDroppedAndRecorded() {
        String tweetId = "20" + suffix;
        String pagePostId = pageId + "_91";
        stub(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .willReturn(json(201, "{\"data\":{\"id\":\"" + tweetId + "\",\"text\":\"sale\"}}")));
        stub(post(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/feed"))
                .willReturn(json(200, "{\"id\":\"" + pagePostId + "\"}")));
        Map<String, Object> body = new HashMap<>();
        body.put("text", "Winter sale: 20% off everything");
        body.put("targets", List.of(Map.of("channelId", xChannel), Map.of("channelId", pageChannel)));
        body.put("scheduledAt", Instant.now().plusSeconds(2).toString());
        body.put("timeZone", "Europe/Berlin");
        String id = given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.agent)
                .post("/api/v1/posts/" + id + "/submit")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> postView(id).body("status", equalTo("PUBLISHED")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> metrics(id).body("targets", hasSize(2)));

        // Followed from publication on: the first fetch an hour after it; nothing fetched yet.
        ValidatableResponse followed = metrics(id);
        for (String kind : List.of("X", "FACEBOOK")) {
            String target = "targets.find { it.kind == '" + kind + "' }.";
            Instant published = Instant.parse(followed.extract().path(target + "publishedAt"));
            assertEquals(
                    published.plus(Duration.ofHours(1)),
                    Instant.parse(followed.extract().path(target + "nextFetchAt")));
            followed.body(target + "snapshots", hasSize(0));
        }
        followed.body("targets.find { it.kind == 'X' }.providerPostId", equalTo(tweetId));
        postView(id).body("targets[0].metrics", nullValue());
        // The follower counts are due at once (daily).
        stub(get(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pageId + "/insights"))
                .withQueryParam("metric", WireMock.equalTo("page_follows"))
                .willReturn(json(
                        200,
                        "{\"data\":[{\"name\":\"page_follows\",\"period\":\"day\",\"values\":[{\"value\":5010,"
                                + "\"end_time\":\"2026-12-01T08:00:00+0000\"},{\"value\":5025,\"end_time\":"
                                + "\"2026-12-02T08:00:00+0000\"}],\"id\":\"" + pageId
                                + "/insights/page_follows/day\"}]}")));
        xFollowers(812);
        collector.collect(); // no post of this tenant is due yet
        wireMock.verifyThat(0, xReads());

        // A day and a bit later: counts and insights. Graph refuses post_total_media_view_unique as retired.
        stub(get(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId))
                .withQueryParam("fields", WireMock.containing("reactions.summary(true)"))
                .withQueryParam("access_token", WireMock.equalTo("pt" + suffix))
                .willReturn(json(
                        200,
                        "{\"shares\":{\"count\":3},\"reactions\":{\"data\":[],\"summary\":{\"total_count\":12,"
                                + "\"viewer_reaction\":\"NONE\"}},\"comments\":{\"data\":[],\"summary\":{\"order\":"
                                + "\"ranked\",\"total_count\":4,\"can_comment\":true}},\"id\":\"" + pagePostId
                                + "\"}")));
        stub(get(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights"))
                .withQueryParam("metric", WireMock.equalTo("post_media_view,post_total_media_view_unique"))
                .willReturn(json(400, INVALID_METRIC)));
        stub(get(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights"))
                .withQueryParam("metric", WireMock.equalTo("post_total_media_view_unique"))
                .willReturn(json(400, INVALID_METRIC)));
        stub(get(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights"))
                .withQueryParam("metric", WireMock.equalTo("post_media_view"))
                .willReturn(json(
                        200,
                        "{\"data\":[{\"name\":\"post_media_view\",\"period\":\"lifetime\",\"values\":[{\"value\":"
                                + "1200}],\"title\":\"Lifetime Media Views\",\"description\":\"Lifetime: The number"
                                + " of times your post was on screen.\",\"id\":\"" + pagePostId
                                + "/insights/post_media_view/lifetime\"}],\"paging\":{\"previous\":\"p\",\"next\":"
                                + "\"n\"}}")));
        stub(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("ids", WireMock.equalTo(tweetId))
                .withQueryParam("tweet.fields", WireMock.equalTo("public_metrics"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .willReturn(json(200, "{\"data\":[" + tweet(tweetId, 40, 6, 9, 2, 5, 3100) + "]}")));
        publishedAgo(xChannel, Duration.ofHours(25));
        publishedAgo(pageChannel, Duration.ofHours(25));
        collector.collect();

        postView(id)
                .body("targets.find { it.kind == 'X' }.metrics.views", equalTo(3100))
                .body("targets.find { it.kind == 'X' }.metrics.reactions", equalTo(40))
                .body("targets.find { it.kind == 'X' }.metrics.comments", equalTo(6))
                .body("targets.find { it.kind == 'X' }.metrics.shares", equalTo(9))
                .body("targets.find { it.kind == 'X' }.metrics.quotes", equalTo(2))
                .body("targets.find { it.kind == 'X' }.metrics.bookmarks", equalTo(5))
                .body("targets.find { it.kind == 'X' }.metrics.engagements", equalTo(40 + 6 + 9 + 2 + 5))
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.views", equalTo(1200))
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.uniqueViews", nullValue())
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.reactions", equalTo(12))
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.comments", equalTo(4))
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.shares", equalTo(3))
                .body("targets.find { it.kind == 'FACEBOOK' }.metrics.engagements", equalTo(19));
        ValidatableResponse history = metrics(id)
                .body("targets.find { it.kind == 'FACEBOOK' }.snapshots", hasSize(1))
                .body(
                        "targets.find { it.kind == 'FACEBOOK' }.snapshots[0].droppedMetrics",
                        contains("post_total_media_view_unique"))
                .body("targets.find { it.kind == 'X' }.snapshots[0].droppedMetrics", hasSize(0))
                .body("targets.find { it.kind == 'X' }.fetches", equalTo(1))
                .body("targets.find { it.kind == 'X' }.lastError", nullValue());
        // The next fetch: three days after publication.
        for (String kind : List.of("X", "FACEBOOK")) {
            String target = "targets.find { it.kind == '" + kind + "' }.";
            Instant published = Instant.parse(history.extract().path(target + "publishedAt"));
            assertEquals(
                    published.plus(Duration.ofDays(3)),
                    Instant.parse(history.extract().path(target + "nextFetchAt")));
        }
        assertEquals(
                1L,
                sql.count("SELECT COUNT(*) FROM provider_metric_refused WHERE provider = 'FACEBOOK'"
                        + " AND metric = 'post_total_media_view_unique'"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(
                5025L,
                sql.count(
                        "SELECT followers FROM channel_follower_count WHERE channel_id = ? AND day = ?",
                        pageChannel,
                        today));
        assertEquals(
                812L,
                sql.count(
                        "SELECT followers FROM channel_follower_count WHERE channel_id = ? AND day = ?",
                        xChannel,
                        today));
        // X bills the post and the account read: two of the month's budget.
        engagementSettings().body("xReadsUsed", equalTo(2)).body("xMonthlyReadBudget", equalTo(1500));

        // Nothing is due now: a second run asks the providers nothing more (the refused metric is never asked again).
        collector.collect();
        wireMock.verifyThat(1, xReads());
        wireMock.verifyThat(1, getRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/users/" + suffix)));
        wireMock.verifyThat(
                3, getRequestedFor(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights")));

        // The 3-day fetch asks Graph for the remaining metric only.
        publishedAgo(pageChannel, Duration.ofDays(3).plusMinutes(5));
        collector.collect();
        wireMock.verifyThat(
                4, getRequestedFor(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights")));
        wireMock.verifyThat(
                2,
                getRequestedFor(urlPathEqualTo(ProviderApis.META + "/v21.0/" + pagePostId + "/insights"))
                        .withQueryParam("metric", WireMock.equalTo("post_media_view")));
        metrics(id)
                .body("targets.find { it.kind == 'FACEBOOK' }.snapshots", hasSize(2))
                .body("targets.find { it.kind == 'FACEBOOK' }.snapshots[1].droppedMetrics", hasSize(0));

        // After the 30-day fetch the schedule is over.
        publishedAgo(xChannel, Duration.ofDays(31));
        collector.collect();
        metrics(id)
                .body("targets.find { it.kind == 'X' }.nextFetchAt", nullValue())
                .body("targets.find { it.kind == 'X' }.stoppedReason", containsString("schedule is over"))
                .body("targets.find { it.kind == 'X' }.snapshots", hasSize(2));
        // Another tenant sees neither the post nor its metrics.
        InboxFixture other = new InboxFixture("metrics-other");
        given().auth()
                .oauth2(other.manager)
                .get("/api/v1/posts/" + id + "/metrics")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/posts/" + id + "/metrics")
                .then()
                .statusCode(403);
    }

    @Test
    void xPostsAreReadAHundredAtATimeFreshestFirstWithinTheMonthlyBudget() {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("xMonthlyReadBudget", 120))
                .put("/api/v1/settings/engagement")
                .then()
                .statusCode(200)
                .body("xMonthlyReadBudget", equalTo(120))
                .body("ownBudget", equalTo(true))
                .body("xReadsLeft", equalTo(120));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 150 posts, post i published i minutes before the freshest (2 hours ago).
        List<String> ids = IntStream.range(0, 150)
                .mapToObj(i -> "3" + suffix + String.format("%03d", i))
                .toList();
        for (int i = 0; i < ids.size(); i++) {
            watch(
                    "d-" + suffix + "-" + i,
                    ids.get(i),
                    now.minus(Duration.ofHours(2)).minusSeconds(60L * i));
        }
        StringBuilder first = new StringBuilder();
        for (String id : ids.subList(0, 100)) {
            first.append(first.isEmpty() ? "" : ",").append(tweet(id, 1, 0, 0, 0, 0, 10));
        }
        stub(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("ids", WireMock.equalTo(String.join(",", ids.subList(0, 100))))
                .willReturn(json(200, "{\"data\":[" + first + "]}")));
        // The second batch: the budget's last 20; one of them was deleted (X lists it under errors).
        StringBuilder second = new StringBuilder();
        for (String id : ids.subList(100, 119)) {
            second.append(second.isEmpty() ? "" : ",").append(tweet(id, 2, 0, 0, 0, 0, 20));
        }
        String deleted = ids.get(119);
        stub(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("ids", WireMock.equalTo(String.join(",", ids.subList(100, 120))))
                .willReturn(json(
                        200,
                        "{\"data\":[" + second + "],\"errors\":[{\"value\":\"" + deleted + "\",\"detail\":\"Could not"
                                + " find tweet with ids: [" + deleted + "].\",\"title\":\"Not Found Error\","
                                + "\"resource_type\":\"tweet\",\"parameter\":\"ids\",\"resource_id\":\"" + deleted
                                + "\",\"type\":\"https://api.twitter.com/2/problems/resource-not-found\"}]}")));
        xFollowers(77);

        collector.collect();

        wireMock.verifyThat(2, xReads());
        assertEquals(119L, sql.count("SELECT COUNT(*) FROM post_metrics_snapshot WHERE channel_id = ?", xChannel));
        assertEquals(
                "The provider no longer has this post (deleted)",
                sql.single("SELECT stopped_reason FROM post_metrics_watch WHERE provider_post_id = ?", deleted));
        // The 30 oldest wait for next month's budget, with the reason; nothing of them was asked.
        Instant nextMonth = XReadBudget.nextMonth(Instant.now());
        List<Object> waiting = sql.column(
                "SELECT provider_post_id FROM post_metrics_watch WHERE channel_id = ? AND next_fetch_at = ?"
                        + " AND last_error LIKE '%read budget%' ORDER BY published_at DESC",
                xChannel, utc(nextMonth));
        assertEquals(ids.subList(120, 150), waiting);
        // 119 posts read plus the account's follower count: the deleted post was given back.
        engagementSettings().body("xReadsUsed", equalTo(120)).body("xReadsLeft", equalTo(0));
        assertEquals(77L, sql.count("SELECT followers FROM channel_follower_count WHERE channel_id = ?", xChannel));

        // Budget used up: nothing more goes to X this month, whatever is due.
        sql.update(
                "UPDATE post_metrics_watch SET next_fetch_at = ? WHERE channel_id = ? AND next_fetch_at IS NOT NULL",
                utc(Instant.now().minusSeconds(1)),
                xChannel);
        collector.collect();
        wireMock.verifyThat(2, xReads());
        engagementSettings().body("xReadsUsed", equalTo(120));

        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("xMonthlyReadBudget", 2_000_000))
                .put("/api/v1/settings/engagement")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("xMonthlyReadBudget", 10))
                .put("/api/v1/settings/engagement")
                .then()
                .statusCode(403);
    }

    @Test
    void aRateLimitPausesTheChannelUntilItsResetAndFailuresAreRetriedLaterNeverLost() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String a = "4" + suffix + "1";
        String b = "4" + suffix + "2";
        watch("d-" + suffix + "-a", a, now.minus(Duration.ofHours(7)));
        watch("d-" + suffix + "-b", b, now.minus(Duration.ofHours(8)));
        long reset = now.plus(Duration.ofMinutes(15)).getEpochSecond();
        StubMapping limited = wireMock.register(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("ids", WireMock.equalTo(a + "," + b))
                .willReturn(json(
                                429,
                                "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":"
                                        + "\"about:blank\",\"status\":429}")
                        .withHeader("x-rate-limit-limit", "15")
                        .withHeader("x-rate-limit-remaining", "0")
                        .withHeader("x-rate-limit-reset", Long.toString(reset))));
        stubs.add(limited);

        collector.collect();

        // Both wait for the reset, with the reason; the channel is paused (its follower count too); no read billed.
        List<Object> due = sql.column(
                "SELECT next_fetch_at FROM post_metrics_watch WHERE channel_id = ? AND last_error LIKE '%429%'",
                xChannel);
        assertEquals(2, due.size());
        for (Object at : due) {
            Instant instant = instant(at);
            assertTrue(
                    !instant.isBefore(Instant.ofEpochSecond(reset).minusSeconds(2))
                            && !instant.isAfter(Instant.ofEpochSecond(reset).plusSeconds(2)),
                    "due at the reset, not " + instant);
        }
        engagementSettings().body("xReadsUsed", equalTo(0));
        collector.collect();
        wireMock.verifyThat(1, xReads());
        wireMock.verifyThat(0, getRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/users/" + suffix)));

        // The reset passed; now X fails (503), then the token has expired (401): retried later, counted, kept.
        wireMock.removeStubMapping(limited);
        sql.update(
                "UPDATE channel_metrics_state SET paused_until = ? WHERE channel_id = ?",
                utc(now.minusSeconds(1)),
                xChannel);
        sql.update(
                "UPDATE post_metrics_watch SET next_fetch_at = ? WHERE channel_id = ?",
                utc(now.minusSeconds(1)),
                xChannel);
        stubs.add(wireMock.register(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("ids", WireMock.equalTo(a + "," + b))
                .willReturn(json(503, "{\"title\":\"Service Unavailable\"}"))));
        xFollowers(5);
        Instant before = Instant.now();
        collector.collect();
        List<Object> retries = sql.column(
                "SELECT next_fetch_at FROM post_metrics_watch WHERE channel_id = ? AND failures = 1"
                        + " AND last_error LIKE '%503%'",
                xChannel);
        assertEquals(2, retries.size());
        for (Object at : retries) {
            Instant instant = instant(at);
            assertTrue(
                    !instant.isBefore(before) && !instant.isAfter(Instant.now().plus(Duration.ofMinutes(5))),
                    "retried within the first backoff, not at " + instant);
        }
        engagementSettings().body("xReadsUsed", equalTo(1)); // the follower count only

        sql.update(
                "UPDATE post_metrics_watch SET next_fetch_at = ? WHERE channel_id = ?",
                utc(now.minusSeconds(1)),
                xChannel);
        stubs.add(wireMock.register(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .atPriority(1)
                .withQueryParam("ids", WireMock.equalTo(a + "," + b))
                .willReturn(json(
                        401,
                        "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,"
                                + "\"detail\":\"Unauthorized\"}"))));
        collector.collect();
        assertEquals(
                2L,
                sql.count(
                        "SELECT COUNT(*) FROM post_metrics_watch WHERE channel_id = ? AND failures = 2"
                                + " AND next_fetch_at > ? AND stopped_reason IS NULL AND last_error LIKE '%401%'",
                        xChannel, utc(Instant.now())));
        assertEquals(0L, sql.count("SELECT COUNT(*) FROM post_metrics_snapshot WHERE channel_id = ?", xChannel));
    }
}
