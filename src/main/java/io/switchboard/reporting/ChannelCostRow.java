package io.switchboard.reporting;

import io.switchboard.common.Money;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One channel and kind in one period. {@code cost} is null when the period's work of the row was paid in several
 * currencies ({@code costs} has one total each) or in none; the "per" figures then are null too.
 */
public record ChannelCostRow(
        @Schema(description = "First local day of the period")
        String period,

        @Schema(description = "Null for work not carried by a channel (PHONE and other manual kinds)")
        String channelId,

        String kind,

        @Schema(
                description = "Staff seconds on the channel: ended work sessions on its conversations, and its share"
                        + " of the work on posts it carries (publishingSeconds)")
        long handlingSeconds,

        Money cost,
        List<Money> costs,

        @Schema(description = "Handling seconds of operators without any hourly cost")
        long uncostedSeconds,

        @Schema(
                description = "Of handlingSeconds, the share of work on posts (writing, approving): a session on a"
                        + " post is split evenly across the post's channels, second by second, or counted on the"
                        + " channels whose own text was edited in it")
        long publishingSeconds,

        @Schema(description = "The staff cost of publishingSeconds, one total per currency")
        List<Money> publishingCosts,

        long conversationsHandled,
        long conversationsResolved,
        long messagesIn,
        long messagesOut,
        Money costPerResolvedConversation,
        Money costPerInboundMessage,
        DrillDown drillDown) {

    /** Where the row's figures come from. */
    @Schema(name = "ChannelCostDrillDown")
    public record DrillDown(
            @Schema(
                    description = "The work on the channel's conversations (and off-system work of its kind):"
                            + " the sessions behind handlingSeconds - publishingSeconds")
            String workSessions,

            @Schema(
                    description = "The work on posts the channel carries, behind publishingSeconds (each"
                            + " session's seconds are split across the post's channels); null for work not"
                            + " carried by a channel",
                    nullable = true)
            String publishingSessions,

            String conversationsHandled,
            String conversationsResolved,
            String messagesIn,
            String messagesOut) {}
}
