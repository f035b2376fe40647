package io.switchboard.reporting;

import io.switchboard.common.Money;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the insights endpoints answer. */
public final class InsightsViews {

    private InsightsViews() {}

    @Schema(name = "PostingTimes")
    public record PostingTimes(
            String channelId,
            String kind,

            @Schema(description = "The tenant's zone, in which the hours of the week are meant")
            String timeZone,

            @Schema(description = "Posts an hour needs before it is ranked (the `minimumPosts` asked, or the default)")
            int minimumPosts,

            @Schema(description = "Past posts on the channel with a latest metrics snapshot that has views")
            long postsConsidered,

            @Schema(description = "Hours with at least minimumPosts posts, best median engagement rate first")
            List<Hour> ranked,

            @Schema(description = "Hours with fewer posts: counted, not ranked, nothing suggested")
            List<Hour> tooFewPosts) {}

    @Schema(name = "PostingHour")
    public record Hour(
            @Schema(description = "1 for the best hour; null for hours with too few posts")
            Integer rank,

            DayOfWeek dayOfWeek,

            @Schema(description = "0 to 23, the local hour the posts went out in")
            int hour,

            long posts,

            @Schema(
                    description = "Median over the posts of engagements / views (latest snapshot), 6 decimals,"
                            + " half to even; null for hours with too few posts")
            BigDecimal medianEngagementRate) {}

    @Schema(name = "ChannelTrends")
    public record ChannelTrends(String timeZone, List<ChannelTrend> channels) {}

    @Schema(name = "ChannelTrend")
    public record ChannelTrend(
            @Schema(description = "Null for work not carried by a channel (PHONE)")
            String channelId,

            String kind,

            @Schema(description = "costPerEngagementWorsened or costPerResolvedConversationWorsened")
            boolean flagged,

            @Schema(description = "Known in both spans, in one currency, and higher in the recent one")
            boolean costPerEngagementWorsened,

            @Schema(description = "Known in both spans, in one currency, and higher in the recent one")
            boolean costPerResolvedConversationWorsened,

            @Schema(description = "The last 4 weeks: the 28 local days before today")
            Span recent,

            @Schema(description = "The 4 weeks before those")
            Span previous) {}

    @Schema(name = "ChannelTrendSpan")
    public record Span(
            @Schema(description = "First local day") String from,

            @Schema(description = "Day after the last (exclusive)")
            String to,

            @Schema(
                    description =
                            "Total staff cost (conversations and publishing); null with several currencies or none")
            Money totalCost,

            List<Money> totalCosts,

            @Schema(description = "Engagements of the posts published in the span (latest snapshot before its end)")
            long engagements,

            long conversationsResolved,

            @Schema(description = "totalCost / engagements; null when there are none")
            Money costPerEngagement,

            @Schema(description = "totalCost / conversationsResolved; null when there are none")
            Money costPerResolvedConversation) {}
}
