package io.switchboard.reporting;

import io.switchboard.common.Money;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What one channel cost and returned in one period. The cost side is the staff time of conversations and of work on
 * the channel's posts, apart and in total; the return side what the channel's posts got (each post published in the period counted
 * with its latest metrics snapshot fetched before the end of the report's range), its followers, and its
 * conversations. A ratio is null when its denominator is zero, or when the cost was paid in several currencies or
 * none.
 */
public record ChannelReturnRow(
        @Schema(description = "First local day of the period")
        String period,

        @Schema(description = "Null for work not carried by a channel (PHONE and other manual kinds)")
        String channelId,

        String kind,

        @Schema(description = "Handling seconds of conversations (ended work sessions)")
        long handlingSeconds,

        @Schema(description = "Staff cost of that time; null with several currencies or none")
        Money cost,

        @Schema(description = "One total per currency") List<Money> costs,
        long uncostedSeconds,

        @Schema(
                description = "Staff seconds of work on posts (composer heartbeats, manual entries naming a post)"
                        + " counted on this channel: a session is dealt out evenly across the post's channels, second"
                        + " by second, or to the channels whose own text was edited in it")
        long publishingSeconds,

        @Schema(description = "Staff cost of publishingSeconds; null with several currencies or none")
        Money publishingCost,

        @Schema(description = "One total per currency") List<Money> publishingCosts,

        @Schema(description = "handlingSeconds + publishingSeconds")
        long totalSeconds,

        @Schema(description = "cost + publishingCost (per currency, never across currencies); the ratios use it")
        Money totalCost,

        @Schema(description = "One total per currency") List<Money> totalCosts,

        @Schema(description = "Page posts or X posts published in the period (targets the provider took)")
        long postsPublished,

        @Schema(description = "Facebook media views and X impressions of those posts")
        long views,

        @Schema(description = "Facebook reactions, X likes") long reactions,

        @Schema(description = "Facebook comments, X replies")
        long comments,

        @Schema(description = "Facebook shares, X reposts") long shares,
        long quotes,
        long bookmarks,

        @Schema(description = "reactions + comments + shares + quotes + bookmarks")
        long engagements,

        @Schema(description = "The latest follower count fetched at or before the period's start")
        Long followersStart,

        @Schema(description = "The latest follower count fetched before the period's end")
        Long followersEnd,

        @Schema(description = "followersEnd - followersStart; null when either is unknown")
        Long followersChange,

        long messagesIn,
        long conversationsResolved,

        @Schema(
                description = "Broadcast messages the provider took (SENT or DELIVERED) on this channel, sent in the"
                        + " period: one per recipient and occurrence")
        long broadcastRecipients,

        @Schema(
                description = "Of broadcastRecipients, those with an inbound message on the channel from the"
                        + " recipient's contact (or the contact holding the address it was sent to) received within"
                        + " 48 h after their message was sent; counted up to now")
        long broadcastRepliedWithin48h,

        @Schema(description = "totalCost × 1000 / views") Money costPerThousandViews,
        @Schema(description = "totalCost / engagements") Money costPerEngagement,

        @Schema(description = "totalCost / followersChange, when followers grew")
        Money costPerNewFollower,

        @Schema(description = "totalCost / conversationsResolved")
        Money costPerResolvedConversation,

        DrillDown drillDown) {

    /** Where the row's figures come from. */
    @Schema(name = "ChannelReturnDrillDown")
    public record DrillDown(
            @Schema(description = "The sessions behind the conversation hours")
            String workSessions,

            @Schema(
                    description = "The sessions behind the publishing hours (each session's seconds are split"
                            + " across the post's channels); null for work not carried by a channel",
                    nullable = true)
            String publishingSessions,

            String conversationsResolved,
            String messagesIn,
            String posts) {}
}
