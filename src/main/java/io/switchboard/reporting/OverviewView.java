package io.switchboard.reporting;

import io.switchboard.channel.ChannelKind;
import io.switchboard.staff.Availability;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant right now: conversations per channel, operators' availability and load, the longest waits. */
@Schema(name = "Overview")
public record OverviewView(
        @Schema(description = "When the figures were read") Instant at,

        @Schema(description = "Every channel of the tenant, disabled ones included (their conversations stay)")
        List<ChannelNow> channels,

        List<OperatorNow> operators,

        @Schema(description = "The OPEN conversations awaiting a reply longest, oldest first (at most 20)")
        List<WaitingConversation> longestWaiting) {

    @Schema(name = "OverviewChannel")
    public record ChannelNow(
            String channelId,
            String name,
            ChannelKind kind,
            boolean enabled,
            @Schema(description = "Conversations OPEN") long open,

            @Schema(description = "Conversations PENDING (waiting on the contact)")
            long pending,

            @Schema(description = "Conversations SNOOZED") long snoozed,

            @Schema(description = "OPEN conversations nobody is assigned to: the channel's queue")
            long unassigned,

            @Schema(
                    description = "OPEN conversations with inbound messages no reply has answered yet"
                            + " (a reply answers once queued or sent; scheduled, failed or cancelled ones do"
                            + " not)")
            long awaitingReply,

            @Schema(
                    description = "Of those, the ones waiting longer than the channel's first-response target"
                            + " (counted in business time when the tenant has business hours)")
            long pastTarget,

            @Schema(
                    description = "The channel's first-response target: its own, else its kind's; null where it has"
                            + " none (PHONE)")
            Long targetSeconds,

            @Schema(description = "Since when the longest-waiting of them waits; null when none does")
            Instant oldestWaitingSince) {}

    @Schema(name = "OverviewOperator")
    public record OperatorNow(
            String operatorId,
            String name,
            Availability availability,
            Instant availabilitySince,

            @Schema(description = "Whether the operator holds as many conversations of some kind as their capacity")
            boolean atCapacity,

            @Schema(description = "OPEN and PENDING conversations assigned to the operator, per channel kind")
            Map<ChannelKind, Integer> load,

            @Schema(description = "Effective capacity per channel kind")
            Map<ChannelKind, Integer> capacity) {}

    @Schema(name = "OverviewWaitingConversation")
    public record WaitingConversation(
            String conversationId,
            String channelId,
            ChannelKind kind,
            String assigneeId,

            @Schema(description = "The oldest inbound message no reply has answered")
            Instant waitingSince,

            @Schema(description = "The channel's first-response target (its own, else its kind's)")
            Long targetSeconds,

            @Schema(
                    description = "Whether the reply is past due: waitingSince plus the target, in business time"
                            + " when the tenant has business hours, is before now")
            boolean pastTarget) {}
}
