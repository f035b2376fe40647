package io.switchboard.adapter.facebook;

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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a page post got through the Graph API, one post a call:
 *
 * <ul>
 *   <li>the counts on the post object: {@code GET /{version}/{post-id}?fields=shares,reactions.summary(true).limit(0),
 *       comments.summary(true).limit(0)} ({@code shares.count}, absent when nobody shared;
 *       {@code reactions.summary.total_count}; {@code comments.summary.total_count});
 *   <li>with insights, {@code GET /{version}/{post-id}/insights?metric=post_media_view,post_total_media_view_unique}
 *       ({@code data[].name} and {@code data[].values[0].value}). The {@code post_impressions*} metrics were
 *       retired in 2025 and are never asked for. A retired or unknown metric fails the whole call (Graph error 100
 *       "The value must be a valid insights metric", which does not say which one): each metric is then asked
 *       alone, those refused alone are reported as refused, and the others are read together.
 * </ul>
 *
 * The page's follower count is its insights metric {@code page_follows} (the latest value). All calls carry the
 * page access token as the publisher does.
 */
@ApplicationScoped
public class FacebookPostMetricsReader implements PostMetricsReader {

    /** Current post insights metrics (2025) and the figure each fills. */
    static final List<String> INSIGHTS = List.of("post_media_view", "post_total_media_view_unique");

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public FacebookPostMetricsReader(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.FACEBOOK;
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public boolean billedPerRead() {
        return false;
    }

    @Override
    public Reading read(
            ResolvedChannel channel, List<String> providerPostIds, boolean withInsights, Set<String> refusedMetrics) {
        if (providerPostIds.size() != 1) {
            throw new IllegalArgumentException("Graph post metrics are read one post at a time");
        }
        String postId = providerPostIds.get(0);
        ProviderHttp.Answer counts = get(url(
                channel, postId, "", "fields=shares,reactions.summary(true).limit(0),comments.summary(true).limit(0)"));
        if (counts instanceof ProviderHttp.Answer.Failed failed) {
            return gone(failed)
                    ? new Reading.Read(Map.of(), Set.of(postId), Set.of())
                    : new Reading.Failed(failed.outcome());
        }
        JsonNode object = ((ProviderHttp.Answer.Ok) counts).json();
        if (object == null) {
            return new Reading.Failed(new SendOutcome.Transient("Graph answered the post's counts without JSON", null));
        }
        Long shares = object.path("shares").path("count").asLong(0);
        Long reactions = count(object.path("reactions").path("summary").path("total_count"));
        Long comments = count(object.path("comments").path("summary").path("total_count"));
        Long views = null;
        Long uniqueViews = null;
        Set<String> refused = new LinkedHashSet<>();
        if (withInsights) {
            List<String> wanted = new ArrayList<>(INSIGHTS);
            wanted.removeAll(refusedMetrics);
            List<JsonNode> data = new ArrayList<>();
            if (!wanted.isEmpty()) {
                ProviderHttp.Answer answer = insights(channel, postId, wanted);
                if (answer instanceof ProviderHttp.Answer.Failed failed && invalidMetric(failed)) {
                    // Which metric? Graph does not say: each is asked alone, and those refused alone are dropped.
                    for (String metric : wanted) {
                        ProviderHttp.Answer alone =
                                wanted.size() == 1 ? answer : insights(channel, postId, List.of(metric));
                        if (alone instanceof ProviderHttp.Answer.Failed f && invalidMetric(f)) {
                            refused.add(metric);
                        } else if (alone instanceof ProviderHttp.Answer.Failed f) {
                            return new Reading.Failed(f.outcome());
                        } else if (((ProviderHttp.Answer.Ok) alone).json() != null) {
                            ((ProviderHttp.Answer.Ok) alone).json().path("data").forEach(data::add);
                        }
                    }
                } else if (answer instanceof ProviderHttp.Answer.Failed failed) {
                    return new Reading.Failed(failed.outcome());
                } else if (((ProviderHttp.Answer.Ok) answer).json() != null) {
                    ((ProviderHttp.Answer.Ok) answer).json().path("data").forEach(data::add);
                }
            }
            for (JsonNode metric : data) {
                Long value = count(metric.path("values").path(0).path("value"));
                switch (metric.path("name").asText()) {
                    case "post_media_view" -> views = value;
                    case "post_total_media_view_unique" -> uniqueViews = value;
                    default -> {}
                }
            }
        }
        return new Reading.Read(
                Map.of(postId, new PostMetrics(views, uniqueViews, reactions, comments, shares, null, null)),
                Set.of(),
                refused);
    }

    @Override
    public Followers followers(ResolvedChannel channel) {
        ProviderHttp.Answer answer = get(url(channel, channel.setting("pageId"), "/insights", "metric=page_follows"));
        if (answer instanceof ProviderHttp.Answer.Failed failed) {
            return new Followers.Failed(failed.outcome());
        }
        JsonNode values = ((ProviderHttp.Answer.Ok) answer).json() == null
                ? null
                : ((ProviderHttp.Answer.Ok) answer).json().path("data").path(0).path("values");
        if (values == null
                || !values.isArray()
                || values.isEmpty()
                || !values.get(values.size() - 1).path("value").canConvertToLong()) {
            return new Followers.Failed(new SendOutcome.Permanent("Graph gave no page_follows value"));
        }
        return new Followers.Count(values.get(values.size() - 1).path("value").asLong());
    }

    private ProviderHttp.Answer insights(ResolvedChannel channel, String postId, List<String> metrics) {
        return get(url(channel, postId, "/insights", "metric=" + String.join(",", metrics)));
    }

    private ProviderHttp.Answer get(String url) {
        return http.read(
                http.request(url)
                        .timeout(config.engagement().readTimeout())
                        .GET()
                        .build(),
                FacebookReplySender.GRAPH_ERRORS);
    }

    /** Graph error 100 "The value must be a valid insights metric": a retired or unknown metric. */
    static boolean invalidMetric(ProviderHttp.Answer.Failed failed) {
        JsonNode error = failed.body() == null ? null : failed.body().path("error");
        return error != null
                && error.path("code").asInt(-1) == 100
                && error.path("message").asText("").contains("valid insights metric");
    }

    /** Graph error 100 with subcode 33: the object does not exist (the post was deleted). */
    private static boolean gone(ProviderHttp.Answer.Failed failed) {
        JsonNode error = failed.body() == null ? null : failed.body().path("error");
        return error != null
                && error.path("code").asInt(-1) == 100
                && error.path("error_subcode").asInt(-1) == 33;
    }

    private static Long count(JsonNode node) {
        return node.canConvertToLong() ? node.asLong() : null;
    }

    /** {@code {base}/{version}/{node}{edge}?{query}&access_token=…}. */
    private String url(ResolvedChannel channel, String node, String edge, String query) {
        var meta = config.providers().meta();
        return meta.baseUrl() + "/" + meta.apiVersion() + "/" + encode(node) + edge + "?"
                + query.replace("(", "%28").replace(")", "%29")
                + "&access_token=" + encode(channel.secret("pageAccessToken"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
