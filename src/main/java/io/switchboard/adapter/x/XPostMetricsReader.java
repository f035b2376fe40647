package io.switchboard.adapter.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.PostMetrics;
import io.switchboard.channel.outbound.PostMetricsReader;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what X posts got through the v2 API with the account's user access token (as the publisher sends):
 * {@code GET /2/tweets?ids=…&tweet.fields=public_metrics} for up to 100 posts a call ({@code data[].public_metrics}:
 * {@code retweet_count, reply_count, like_count, quote_count, bookmark_count, impression_count}; posts that no
 * longer exist come back in {@code errors[]} with their {@code resource_id}), and the account's
 * {@code followers_count} from {@code GET /2/users/{id}?user.fields=public_metrics}. X bills each resource read.
 * A 429 carries {@code x-rate-limit-reset} (epoch seconds), which the failure's wait reflects.
 */
@ApplicationScoped
public class XPostMetricsReader implements PostMetricsReader {

    static final int MAX_IDS = 100;

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public XPostMetricsReader(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.X;
    }

    @Override
    public int batchSize() {
        return MAX_IDS;
    }

    @Override
    public boolean billedPerRead() {
        return true;
    }

    @Override
    public Reading read(
            ResolvedChannel channel, List<String> providerPostIds, boolean withInsights, Set<String> refusedMetrics) {
        if (providerPostIds.isEmpty() || providerPostIds.size() > MAX_IDS) {
            throw new IllegalArgumentException("X reads 1 to " + MAX_IDS + " posts a call");
        }
        String url = config.providers().x().baseUrl() + "/2/tweets?ids="
                + String.join(
                        ",",
                        providerPostIds.stream()
                                .map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8))
                                .toList())
                + "&tweet.fields=public_metrics";
        ProviderHttp.Answer answer = http.read(
                http.request(url)
                        .timeout(config.engagement().readTimeout())
                        .header("Authorization", "Bearer " + channel.secret("accessToken"))
                        .GET()
                        .build(),
                XReplySender.X_ERRORS);
        if (answer instanceof ProviderHttp.Answer.Failed failed) {
            return new Reading.Failed(failed.outcome());
        }
        JsonNode json = ((ProviderHttp.Answer.Ok) answer).json();
        if (json == null) {
            return new Reading.Failed(new SendOutcome.Transient("X answered the posts' metrics without JSON", null));
        }
        Map<String, PostMetrics> metrics = new HashMap<>();
        for (JsonNode post : json.path("data")) {
            JsonNode m = post.path("public_metrics");
            metrics.put(
                    post.path("id").asText(),
                    new PostMetrics(
                            count(m.path("impression_count")),
                            null,
                            count(m.path("like_count")),
                            count(m.path("reply_count")),
                            count(m.path("retweet_count")),
                            count(m.path("quote_count")),
                            count(m.path("bookmark_count"))));
        }
        Set<String> gone = new HashSet<>();
        for (JsonNode error : json.path("errors")) {
            String id = error.path("resource_id").asText(error.path("value").asText(""));
            if (providerPostIds.contains(id) && !metrics.containsKey(id)) {
                gone.add(id);
            }
        }
        return new Reading.Read(metrics, gone, Set.of());
    }

    @Override
    public Followers followers(ResolvedChannel channel) {
        String url = config.providers().x().baseUrl() + "/2/users/"
                + URLEncoder.encode(channel.setting("userId"), StandardCharsets.UTF_8) + "?user.fields=public_metrics";
        ProviderHttp.Answer answer = http.read(
                http.request(url)
                        .timeout(config.engagement().readTimeout())
                        .header("Authorization", "Bearer " + channel.secret("accessToken"))
                        .GET()
                        .build(),
                XReplySender.X_ERRORS);
        if (answer instanceof ProviderHttp.Answer.Failed failed) {
            return new Followers.Failed(failed.outcome());
        }
        JsonNode json = ((ProviderHttp.Answer.Ok) answer).json();
        JsonNode count =
                json == null ? null : json.path("data").path("public_metrics").path("followers_count");
        if (count == null || !count.canConvertToLong()) {
            return new Followers.Failed(new SendOutcome.Permanent("X gave no followers_count for the account"));
        }
        return new Followers.Count(count.asLong());
    }

    private static Long count(JsonNode node) {
        return node.canConvertToLong() ? node.asLong() : null;
    }
}
