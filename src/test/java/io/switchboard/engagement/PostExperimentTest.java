package io.switchboard.engagement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.scheduling.AudienceSplit;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A/B tests of posts: variants written through the API (and refused when they make no experiment), an SMS broadcast
 * split into equal groups whose recipients reply through the real Twilio webhook, X posts published once per
 * variant and their metrics fetched from X (WireMock), and the experiment's figures against hand-computed values.
 */
@QuarkusTest
class PostExperimentTest {

    private static final String NUMBER = "+15550002222";
    private static final String TEXT_A = "Winter sale: 20% off. Reply YES for your code";
    private static final String TEXT_B = "Our winter sale starts today. Want a code? Reply YES";

    @Inject
    Sql sql;

    @Inject
    MetricsCollector collector;

    private final InboxFixture f = new InboxFixture("experiment");
    private final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));
    private final String xToken = "x-token-" + suffix;
    private final String accountSid = "AC"
            + java.util.HexFormat.of()
                    .formatHex(java.nio.ByteBuffer.allocate(16)
                            .putLong(Long.parseLong(suffix))
                            .array());
    private final String authToken = "at" + suffix;
    private String xChannel;
    private String smsChannel;
    private String smsWebhook;

    @BeforeEach
    void channels() {
        xChannel =
                (String) channel("X", Map.of("userId", suffix, "consumerSecret", "cs" + suffix, "accessToken", xToken))
                        .get("id");
        Map<String, Object> sms =
                channel("SMS", Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", NUMBER));
        smsChannel = (String) sms.get("id");
        smsWebhook = (String) sms.get("webhookUrl");
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

    private Map<String, Object> channel(String kind, Map<String, String> config) {
        return given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", kind + " " + suffix, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
    }

    private void stub(MappingBuilder mapping) {
        stubs.add(wireMock.register(mapping));
    }

    private String contact(String name, String phone, String label) {
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("name", name, "phone", phone, "labels", List.of(label)))
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A text message from {@code from} to the channel's number, delivered as Twilio delivers it (signed). */
    private void texts(String from, String body) {
        List<Map.Entry<String, String>> params = List.of(
                Map.entry(
                        "MessageSid",
                        "SM" + java.util.UUID.randomUUID().toString().replace("-", "")),
                Map.entry("AccountSid", accountSid),
                Map.entry("From", from),
                Map.entry("To", NUMBER),
                Map.entry("Body", body),
                Map.entry("NumMedia", "0"),
                Map.entry("ApiVersion", "2010-04-01"));
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, smsWebhook, params))
                .body(ProviderSignatures.form(params))
                .post(smsWebhook.substring(smsWebhook.indexOf("/webhooks/")))
                .then()
                .statusCode(200);
    }

    private Map<String, Object> broadcast(List<String> variants, Instant at) {
        Map<String, Object> body = new HashMap<>();
        body.put("variants", variants.stream().map(text -> Map.of("text", text)).toList());
        body.put("audience", Map.of("channelId", smsChannel, "label", "winter"));
        body.put("scheduledAt", at.toString());
        body.put("timeZone", "Europe/Paris");
        return body;
    }

    private ValidatableResponse create(Map<String, Object> body) {
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/posts")
                .then();
    }

    private ValidatableResponse experiment(String postId, String query) {
        return given().config(io.restassured.RestAssured.config()
                        .jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                                .numberReturnType(
                                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                .auth()
                .oauth2(f.manager)
                .get("/api/v1/posts/" + postId + "/experiment" + query)
                .then();
    }

    private ValidatableResponse postView(String id) {
        return given().auth().oauth2(f.agent).get("/api/v1/posts/" + id).then().statusCode(200);
    }

    @Test
    void anAbBroadcastIsSplitEquallyAndReproduciblyAndItsRepliesGiveTheHandComputedPValue() {
        TwilioMessagesFake.install(wireMock, ProviderApis.TWILIO, accountSid).forEach(stubs::add);
        Map<String, String> phoneOf = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String phone = "+33612" + String.format("%06d", i);
            phoneOf.put(contact("Client " + i, phone, "winter"), phone);
        }
        String outsider = "+33699000001";
        contact("Not in the audience", outsider, "summer");
        // Someone of the audience wrote before the broadcast: not a reply to it.
        String early = phoneOf.values().iterator().next();
        texts(early, "Do you deliver on Sundays?");

        String id = create(broadcast(List.of(TEXT_A, TEXT_B), Instant.now().plusSeconds(2)))
                .statusCode(201)
                .body("variants.name", equalTo(List.of("A", "B")))
                .body("variants[1].text", equalTo(TEXT_B))
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.agent)
                .post("/api/v1/posts/" + id + "/submit")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> postView(id).body("status", equalTo("PUBLISHED")));
        postView(id).body("audience.recipients", equalTo(40)).body("audience.sent", equalTo(40));

        // The stored split: one variant per recipient, 20 and 20, exactly what the stored seed gives.
        String publication = (String) sql.single("SELECT id FROM publication WHERE post_id = ?", id);
        String seed = (String) sql.single("SELECT experiment_seed FROM publication WHERE id = ?", publication);
        Map<String, Integer> stored = new HashMap<>();
        List<Object> contacts =
                sql.column("SELECT contact_id FROM broadcast_assignment WHERE publication_id = ?", publication);
        List<Object> variants = sql.column(
                "SELECT variant FROM broadcast_assignment WHERE publication_id = ? ORDER BY contact_id", publication);
        List<Object> ordered = sql.column(
                "SELECT contact_id FROM broadcast_assignment WHERE publication_id = ? ORDER BY contact_id",
                publication);
        for (int i = 0; i < ordered.size(); i++) {
            stored.put((String) ordered.get(i), ((Number) variants.get(i)).intValue());
        }
        assertEquals(40, contacts.size());
        assertEquals(phoneOf.keySet(), stored.keySet());
        assertEquals(AudienceSplit.assign(seed, phoneOf.keySet(), 2), stored);
        assertEquals(20, stored.values().stream().filter(v -> v == 0).count());

        // Each recipient got exactly one message: its variant's text.
        List<TwilioMessagesFake.Message> sms = TwilioMessagesFake.accepted(wireMock, ProviderApis.TWILIO, accountSid);
        assertEquals(40, sms.size(), sms.toString());
        Map<String, String> bodyTo = sms.stream()
                .collect(Collectors.toMap(TwilioMessagesFake.Message::to, TwilioMessagesFake.Message::body));
        assertEquals(40, bodyTo.size());
        stored.forEach((contact, variant) ->
                assertEquals(variant == 0 ? TEXT_A : TEXT_B, bodyTo.get(phoneOf.get(contact)), contact));

        // Replies through the Twilio webhook: 12 of A (one of them twice), 3 of B, and one of B much later.
        List<String> groupA = stored.entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(e -> phoneOf.get(e.getKey()))
                .sorted()
                .toList();
        List<String> groupB = stored.entrySet().stream()
                .filter(e -> e.getValue() == 1)
                .map(e -> phoneOf.get(e.getKey()))
                .filter(phone -> !phone.equals(early))
                .sorted()
                .toList();
        groupA.subList(0, 12).forEach(phone -> texts(phone, "YES"));
        texts(groupA.get(0), "yes please");
        groupB.subList(0, 3).forEach(phone -> texts(phone, "yes"));
        texts(groupB.get(3), "YES");
        texts(outsider, "YES");
        // That last B reply came 49 hours after its message: the message went out 49 hours earlier.
        assertEquals(
                1,
                sql.update(
                        "UPDATE delivery SET sent_at = sent_at - INTERVAL 49 HOUR WHERE publication_id = ?"
                                + " AND recipient_address = ?",
                        publication,
                        groupB.get(3)));

        // 12/20 against 3/20: pooled 15/40 = 0.375, every expected count >= 7.5, so the z-test:
        // z = (0.60 - 0.15) / sqrt(0.375 * 0.625 * (1/20 + 1/20)) = 0.45 / 0.1530931 = 2.9393877,
        // p = 2 * (1 - Phi(2.9393877)) = 0.0032886.
        experiment(id, "")
                .statusCode(200)
                .body("posts", nullValue())
                .body("broadcast.outcome", equalTo("share of recipients who replied within 48 h"))
                .body("broadcast.windowHours", equalTo(48))
                .body("broadcast.variants.name", equalTo(List.of("A", "B")))
                .body("broadcast.variants[0].text", equalTo(TEXT_A))
                .body("broadcast.variants[0].sampleSize", equalTo(20))
                .body("broadcast.variants[0].successes", equalTo(12))
                .body("broadcast.variants[0].outcome", closeTo(0.6, 1e-9))
                // Wilson: (0.6 + 1.92073/40 ± 1.959964 * sqrt(0.012 + 1.92073/1600)) / (1 + 3.84146/20)
                .body("broadcast.variants[0].low", closeTo(0.386582, 1e-5))
                .body("broadcast.variants[0].high", closeTo(0.781193, 1e-5))
                .body("broadcast.variants[1].sampleSize", equalTo(20))
                .body("broadcast.variants[1].successes", equalTo(3))
                .body("broadcast.comparison.test", equalTo("z-test"))
                .body("broadcast.comparison.difference", closeTo(0.45, 1e-9))
                .body("broadcast.comparison.pValue", closeTo(0.0032886, 1e-6))
                .body("broadcast.winner", nullValue())
                .body("broadcast.verdict", equalTo("no winner yet: each variant needs at least 100 in its sample"));

        // A 72-hour window takes the late reply: 12/20 against 4/20, pooled 0.4,
        // z = 0.4 / sqrt(0.4 * 0.6 * 0.1) = 2.5819889, p = 0.0098233.
        experiment(id, "?windowHours=72&minimumSample=20")
                .statusCode(200)
                .body("broadcast.variants[1].successes", equalTo(4))
                .body("broadcast.comparison.pValue", closeTo(0.0098233, 1e-6))
                .body("broadcast.variants[0].windowOpen", equalTo(20))
                .body("broadcast.winner", nullValue())
                .body("broadcast.verdict", containsString("may still reply"));

        // Two days on, every window has closed: A wins.
        sql.update("UPDATE delivery SET sent_at = sent_at - INTERVAL 49 HOUR WHERE publication_id = ?", publication);
        sql.update(
                "UPDATE message SET received_at = received_at - INTERVAL 49 HOUR WHERE tenant_id = ?"
                        + " AND direction = 'INBOUND'",
                f.tenant);
        experiment(id, "?minimumSample=20")
                .statusCode(200)
                .body("broadcast.variants[0].windowOpen", equalTo(0))
                .body("broadcast.variants[1].successes", equalTo(3))
                .body("broadcast.winner", equalTo("A"))
                .body("broadcast.verdict", equalTo("A wins (p < 0.05)"));
    }

    @Test
    void anXPostPublishesEachVariantAsAPostOfItsOwnAndComparesEngagementsPerThousandViews() {
        String tweetA = "31" + suffix;
        String tweetB = "32" + suffix;
        stub(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .withRequestBody(WireMock.containing("Reply YES for your code"))
                .willReturn(json(201, "{\"data\":{\"id\":\"" + tweetA + "\",\"text\":\"a\"}}")));
        stub(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .withRequestBody(WireMock.containing("Want a code?"))
                .willReturn(json(201, "{\"data\":{\"id\":\"" + tweetB + "\",\"text\":\"b\"}}")));
        Map<String, Object> body = new HashMap<>();
        body.put("variants", List.of(Map.of("text", TEXT_A), Map.of("text", TEXT_B)));
        body.put("targets", List.of(Map.of("channelId", xChannel)));
        body.put("scheduledAt", Instant.now().plusSeconds(2).toString());
        body.put("timeZone", "Europe/Paris");
        String id = create(body).statusCode(201).extract().path("id");
        given().auth()
                .oauth2(f.agent)
                .post("/api/v1/posts/" + id + "/submit")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> postView(id).body("status", equalTo("PUBLISHED")));
        // One X post per variant, each with its variant's text (on a loaded machine a send that timed out may be
        // retried, so the provider may have been asked more than once).
        assertEquals(
                List.of("0 " + tweetA + " SENT", "1 " + tweetB + " SENT"),
                sql.column(
                        "SELECT CONCAT(i.variant, ' ', d.provider_id, ' ', d.status) FROM publication_item i"
                                + " JOIN publication p ON p.id = i.publication_id"
                                + " JOIN delivery d ON d.publication_item_id = i.id"
                                + " WHERE p.post_id = ? AND i.mode = 'FEED' ORDER BY i.variant",
                        id));
        wireMock.verifyThat(
                WireMock.moreThanOrExactly(1),
                postRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                        .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                        .withRequestBody(WireMock.containing(TEXT_B)));

        // A day later X reports (public_metrics): A 2,000 views and 60 engagements, B 2,500 views and 45.
        stub(get(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withQueryParam("tweet.fields", WireMock.equalTo("public_metrics"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + xToken))
                .willReturn(json(
                        200,
                        "{\"data\":[" + tweet(tweetA, 40, 8, 7, 3, 2, 2000) + "," + tweet(tweetB, 30, 5, 6, 2, 2, 2500)
                                + "]}")));
        // Followed once published: a watch per variant's post.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertEquals(2, sql.count("SELECT COUNT(*) FROM post_metrics_watch WHERE post_id = ?", id)));
        Instant now = Instant.now();
        sql.update(
                "UPDATE post_metrics_watch SET published_at = ?, next_fetch_at = ? WHERE channel_id = ?",
                java.time.LocalDateTime.ofInstant(now.minus(Duration.ofHours(25)), java.time.ZoneOffset.UTC),
                java.time.LocalDateTime.ofInstant(now.minusSeconds(1), java.time.ZoneOffset.UTC),
                xChannel);
        collector.collect();

        // 60/2000 = 30 per 1,000 views against 45/2500 = 18; pooled 105/4500 = 0.0233333, expected counts >= 46.7:
        // z = (0.03 - 0.018) / sqrt(0.0233333 * 0.9766667 * (1/2000 + 1/2500)) = 0.012 / 0.0045288 = 2.6497104,
        // p = 2 * (1 - Phi(2.6497104)) = 0.0080561.
        experiment(id, "")
                .statusCode(200)
                .body("broadcast", nullValue())
                .body("posts.outcome", equalTo("engagements per 1,000 views"))
                .body("posts.variants[0].sampleSize", equalTo(2000))
                .body("posts.variants[0].successes", equalTo(60))
                .body("posts.variants[0].outcome", closeTo(30.0, 1e-9))
                .body("posts.variants[0].pending", equalTo(1))
                .body("posts.variants[1].sampleSize", equalTo(2500))
                .body("posts.variants[1].successes", equalTo(45))
                .body("posts.variants[1].outcome", closeTo(18.0, 1e-9))
                .body("posts.comparison.test", equalTo("z-test"))
                .body("posts.comparison.difference", closeTo(12.0, 1e-9))
                .body("posts.comparison.pValue", closeTo(0.0080561, 1e-6))
                .body("posts.winner", equalTo("A"));
    }

    @Test
    void variantsThatMakeNoExperimentAreRefusedWithTheFieldNamed() {
        Instant at = Instant.now().plus(Duration.ofDays(1));
        create(broadcast(List.of(TEXT_A), at))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("variants"));
        create(broadcast(List.of("1", "2", "3", "4", "5"), at))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("variants")));
        Map<String, Object> withText = broadcast(List.of(TEXT_A, TEXT_B), at);
        withText.put("text", "Winter sale");
        create(withText).statusCode(400).body("errors.field", hasItem("text"));
        Map<String, Object> withAudienceText = broadcast(List.of(TEXT_A, TEXT_B), at);
        withAudienceText.put("audience", Map.of("channelId", smsChannel, "label", "winter", "text", "Sale"));
        create(withAudienceText).statusCode(400).body("errors.field", hasItem("audience.text"));
        Map<String, Object> blank = broadcast(List.of(TEXT_A, " "), at);
        create(blank).statusCode(400).contentType("application/problem+json");
        Map<String, Object> tooLongForX = new HashMap<>();
        tooLongForX.put("variants", List.of(Map.of("text", "short"), Map.of("text", "x".repeat(281))));
        tooLongForX.put("targets", List.of(Map.of("channelId", xChannel)));
        tooLongForX.put("scheduledAt", at.toString());
        tooLongForX.put("timeZone", "Europe/Paris");
        create(tooLongForX).statusCode(422).body("errors.field", equalTo(List.of("variants[1].text")));

        // Four variants are fine; a PATCH with [] removes them (and the post then needs a text of its own).
        String id = create(broadcast(List.of("1", "2", "3", "4"), at))
                .statusCode(201)
                .body("variants.name", equalTo(List.of("A", "B", "C", "D")))
                .body("text", nullValue())
                .extract()
                .path("id");
        experiment(id, "")
                .statusCode(200)
                .body("broadcast.variants.sampleSize", equalTo(List.of(0, 0, 0, 0)))
                .body("broadcast.comparison", nullValue())
                .body("broadcast.verdict", containsString("no winner yet"));
        experiment(id, "?windowHours=0").statusCode(400).contentType("application/problem+json");
        experiment(id, "?windowHours=two").statusCode(400).body("errors[0].field", equalTo("windowHours"));
        experiment(id, "?minimumSample=-1").statusCode(400).contentType("application/problem+json");
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/posts/" + id + "/experiment")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("variants", List.of(), "text", "Winter sale"))
                .patch("/api/v1/posts/" + id)
                .then()
                .statusCode(200)
                .body("variants", equalTo(List.of()))
                .body("text", equalTo("Winter sale"));
        experiment(id, "").statusCode(404).contentType("application/problem+json");
        experiment("no-such-post", "").statusCode(404);
        // Another tenant's manager learns nothing of it.
        InboxFixture other = new InboxFixture("experiment-other");
        given().auth()
                .oauth2(other.manager)
                .get("/api/v1/posts/" + id + "/experiment")
                .then()
                .statusCode(404);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static String tweet(String id, int likes, int replies, int reposts, int quotes, int bookmarks, int views) {
        return "{\"id\":\"" + id + "\",\"edit_history_tweet_ids\":[\"" + id + "\"],\"text\":\"Winter sale\","
                + "\"public_metrics\":{\"retweet_count\":" + reposts + ",\"reply_count\":" + replies
                + ",\"like_count\":" + likes + ",\"quote_count\":" + quotes + ",\"bookmark_count\":" + bookmarks
                + ",\"impression_count\":" + views + "}}";
    }
}
