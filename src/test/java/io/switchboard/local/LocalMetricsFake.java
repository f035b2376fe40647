package io.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.switchboard.testing.ProviderApis;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics reads of the local run's simulated providers, so that posts published during a local run get figures
 * too: X's {@code GET /2/tweets?ids=…&tweet.fields=public_metrics} (every id asked for, in one answer) and
 * {@code GET /2/users/{id}?user.fields=public_metrics}; Graph's post object ({@code shares}, {@code reactions} and
 * {@code comments} summaries), post insights ({@code post_media_view}, {@code post_total_media_view_unique}; any
 * other metric is refused as Graph refuses a retired one) and the page's {@code page_follows}.
 *
 * <p>Each post has final figures of its own (drawn from its id) and reaches them as it ages, most of it in its
 * first day: an X id carries its time; any other post is taken as published an hour before it was first asked
 * about. Followers grow by the hour.
 */
final class LocalMetricsFake {

    static final String NAME = "local-post-metrics";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long X_EPOCH_MILLIS = 1_288_834_974_657L;

    private LocalMetricsFake() {}

    static WireMockConfiguration configure(WireMockConfiguration options, Clock clock) {
        return options.extensions(new Answers(clock));
    }

    static void install(WireMock wireMock) {
        wireMock.register(get(urlPathMatching(ProviderApis.X + "/2/tweets")).willReturn(answer()));
        wireMock.register(
                get(urlPathMatching(ProviderApis.X + "/2/users/[^/]+")).willReturn(answer()));
        wireMock.register(get(urlPathMatching(ProviderApis.META + "/[^/]+/[^/]+/insights"))
                .willReturn(answer()));
        wireMock.register(
                get(urlPathMatching(ProviderApis.META + "/[^/]+/[0-9]+_[0-9]+")).willReturn(answer()));
    }

    private static ResponseDefinitionBuilder answer() {
        return WireMock.aResponse().withTransformers(NAME);
    }

    /** Share of its final figures a post has at this age: a quarter in the first hour, nearly all after 3 days. */
    static double reached(Duration age) {
        double hours = Math.max(0, age.toSeconds() / 3600.0);
        return 1 - 0.78 * Math.exp(-hours / 20);
    }

    static final class Answers implements ResponseDefinitionTransformerV2 {

        private final Clock clock;
        private final Instant started;
        private final Map<String, Instant> published = new ConcurrentHashMap<>();

        Answers(Clock clock) {
            this.clock = clock;
            this.started = clock.instant();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String path = URI.create(request.getUrl()).getRawPath();
            Instant now = clock.instant();
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(event.getResponseDefinition())
                    .but()
                    .withHeader("Content-Type", "application/json")
                    .withStatus(200);
            ObjectNode body = JSON.createObjectNode();
            long hours = Duration.between(started, now).toHours();
            if (path.startsWith(ProviderApis.X + "/2/tweets")) {
                ArrayNode data = body.putArray("data");
                for (String id : query(request.queryParameter("ids")).split(",")) {
                    if (id.isBlank()) {
                        continue;
                    }
                    Random r = new Random(id.hashCode());
                    double f = reached(Duration.between(published(id, now), now));
                    double impressions = 900 + 900 * r.nextDouble();
                    double likes = impressions * (0.012 + 0.01 * r.nextDouble());
                    ObjectNode post = data.addObject().put("id", id).put("text", "");
                    post.putArray("edit_history_tweet_ids").add(id);
                    post.putObject("public_metrics")
                            .put("retweet_count", Math.round(likes * 0.22 * f))
                            .put("reply_count", Math.round(likes * 0.16 * f))
                            .put("like_count", Math.round(likes * f))
                            .put("quote_count", Math.round(likes * 0.04 * f))
                            .put("bookmark_count", Math.round(likes * 0.13 * f))
                            .put("impression_count", Math.round(impressions * f));
                }
            } else if (path.startsWith(ProviderApis.X + "/2/users/")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                body.putObject("data")
                        .put("id", id)
                        .put("name", "Acme")
                        .put("username", "acme")
                        .putObject("public_metrics")
                        .put("followers_count", 1300 + hours / 3)
                        .put("following_count", 180)
                        .put("tweet_count", 420)
                        .put("listed_count", 12);
            } else if (path.endsWith("/insights")) {
                String node = path.substring(0, path.length() - "/insights".length());
                node = node.substring(node.lastIndexOf('/') + 1);
                ArrayNode data = body.putArray("data");
                if (!node.contains("_")) {
                    ObjectNode metric =
                            data.addObject().put("name", "page_follows").put("period", "day");
                    metric.putArray("values")
                            .addObject()
                            .put("value", 2330 + hours / 2)
                            .put("end_time", now.toString());
                } else {
                    Random r = new Random(node.hashCode());
                    double f = reached(Duration.between(published(node, now), now));
                    double views = 500 + 600 * r.nextDouble();
                    for (String name : query(request.queryParameter("metric")).split(",")) {
                        long value = switch (name) {
                            case "post_media_view" -> Math.round(views * f);
                            case "post_total_media_view_unique" -> Math.round(views * 0.75 * f);
                            default -> -1;
                        };
                        if (value < 0) {
                            ObjectNode error = JSON.createObjectNode();
                            error.putObject("error")
                                    .put("message", "(#100) The value must be a valid insights metric")
                                    .put("type", "OAuthException")
                                    .put("code", 100);
                            return answer.withStatus(400)
                                    .withBody(error.toString())
                                    .build();
                        }
                        ObjectNode metric = data.addObject()
                                .put("name", name)
                                .put("period", "lifetime")
                                .put("id", node + "/insights/" + name + "/lifetime");
                        metric.putArray("values").addObject().put("value", value);
                    }
                }
            } else {
                String node = path.substring(path.lastIndexOf('/') + 1);
                Random r = new Random(node.hashCode());
                double f = reached(Duration.between(published(node, now), now));
                double views = 500 + 600 * r.nextDouble();
                double reactions = views * (0.025 + 0.02 * r.nextDouble());
                body.put("id", node);
                long shares = Math.round(reactions * 0.1 * f);
                if (shares > 0) {
                    body.putObject("shares").put("count", shares);
                }
                ObjectNode likes = body.putObject("reactions");
                likes.putArray("data");
                likes.putObject("summary").put("total_count", Math.round(reactions * f));
                ObjectNode comments = body.putObject("comments");
                comments.putArray("data");
                comments.putObject("summary")
                        .put("order", "ranked")
                        .put("total_count", Math.round(reactions * 0.14 * f))
                        .put("can_comment", true);
            }
            return answer.withBody(body.toString()).build();
        }

        /** When the post went out: an X id's own time, else an hour before it was first asked about. */
        private Instant published(String id, Instant now) {
            return published.computeIfAbsent(id, i -> {
                try {
                    Instant at = Instant.ofEpochMilli((Long.parseLong(i) >> 22) + X_EPOCH_MILLIS);
                    if (at.isBefore(now) && at.isAfter(now.minus(Duration.ofDays(400)))) {
                        return at;
                    }
                } catch (NumberFormatException e) {
                    // not an X id
                }
                return now.minus(Duration.ofHours(1));
            });
        }

        private static String query(QueryParameter parameter) {
            return parameter == null || !parameter.isPresent() ? "" : parameter.firstValue();
        }
    }
}
