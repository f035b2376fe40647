package io.switchboard.scheduling;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a published target got at one fetch of its metrics (null where the provider gave no figure: insights before
 * their first day, a metric the provider refused). On X, reactions are likes, comments replies, shares reposts.
 */
@Schema(name = "PostMetrics")
public record PostMetricsView(
        @Schema(description = "Facebook media views, X impressions")
        Long views,

        @Schema(description = "Facebook unique media views; null on X")
        Long uniqueViews,

        Long reactions,
        Long comments,

        @Schema(description = "Shares (Facebook) or reposts (X)")
        Long shares,

        @Schema(description = "Quotes (X)") Long quotes,
        @Schema(description = "Bookmarks (X)") Long bookmarks,

        @Schema(description = "reactions + comments + shares + quotes + bookmarks (those known)")
        long engagements,

        @Schema(description = "When the provider was asked") Instant fetchedAt) {

    public static PostMetricsView of(
            Long views,
            Long uniqueViews,
            Long reactions,
            Long comments,
            Long shares,
            Long quotes,
            Long bookmarks,
            Instant fetchedAt) {
        long engagements = 0;
        for (Long n : new Long[] {reactions, comments, shares, quotes, bookmarks}) {
            engagements += n == null ? 0 : n;
        }
        return new PostMetricsView(
                views, uniqueViews, reactions, comments, shares, quotes, bookmarks, engagements, fetchedAt);
    }
}
