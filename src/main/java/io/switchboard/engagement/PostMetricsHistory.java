package io.switchboard.engagement;

import io.switchboard.channel.ChannelKind;
import io.switchboard.scheduling.PostMetricsView;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A post's metrics over time: each published target and the snapshots fetched of it. */
@Schema(name = "PostMetricsHistory")
public record PostMetricsHistory(String postId, List<Target> targets) {

    /** One published target (one page or account, one occurrence) and how its metrics are followed. */
    @Schema(name = "PostMetricsTarget")
    public record Target(
            String publicationId,
            String channelId,
            ChannelKind kind,

            @Schema(description = "The provider's id of the post")
            String providerPostId,

            Instant publishedAt,

            @Schema(description = "Successful fetches so far")
            int fetches,

            @Schema(description = "When the next fetch is due; null once the schedule is over")
            Instant nextFetchAt,

            @Schema(description = "Failed fetches in a row (retried later)")
            int failures,

            @Schema(description = "Why the latest fetch failed or waits (provider error, rate limit, read budget)")
            String lastError,

            @Schema(description = "Why the metrics are no longer followed, once they are not")
            String stoppedReason,

            List<Snapshot> snapshots) {}

    /** One fetch: the figures and the insights metrics the provider refused at it. */
    @Schema(name = "PostMetricsSnapshot")
    public record Snapshot(
            PostMetricsView metrics,

            @Schema(description = "Insights metrics refused by the provider as unknown or retired, left out")
            List<String> droppedMetrics) {}
}
