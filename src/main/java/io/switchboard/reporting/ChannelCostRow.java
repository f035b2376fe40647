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
        long handlingSeconds,
        Money cost,
        List<Money> costs,

        @Schema(description = "Handling seconds of operators without any hourly cost")
        long uncostedSeconds,

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
            String workSessions,
            String conversationsHandled,
            String conversationsResolved,
            String messagesIn,
            String messagesOut) {}
}
