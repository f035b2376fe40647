package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Money;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of the handling-time log. */
public record WorkSessionView(
        String id,
        String operatorId,

        @Schema(description = "Null for work not tied to a conversation")
        String conversationId,

        @Schema(description = "The conversation's channel; null for entries without a conversation and for PHONE")
        String channelId,

        @Schema(
                description = "The post the work was for, if any: its time and cost count on the post's channels"
                        + " (split evenly across them, or only the channels whose own text was edited in the session)")
        String postId,

        @Schema(
                description = "Work on a post without a conversation: the kind of the post's first channel"
                        + " (its cost goes to all the post's channels all the same)")
        ChannelKind channelKind,

        WorkSource source,
        Instant startedAt,

        @Schema(description = "LIVE sessions: the latest heartbeat; null for MANUAL entries")
        Instant lastHeartbeatAt,

        @Schema(description = "Null while a LIVE session is still running")
        Instant endedAt,

        @Schema(description = "Whole seconds; for a running session, up to its latest heartbeat")
        int durationSeconds,

        String note,

        @Schema(description = "The operator's hourly cost in force when the work started; null when they have none")
        Money hourlyCost,

        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {

    static WorkSessionView of(WorkSession s) {
        return new WorkSessionView(
                s.id,
                s.operatorId,
                s.conversationId,
                s.channelId,
                s.postId,
                s.channelKind,
                s.source,
                s.startedAt,
                s.lastHeartbeatAt,
                s.endedAt,
                s.durationSeconds,
                s.note,
                s.hourlyCost(),
                s.createdBy,
                s.createdAt,
                s.updatedBy,
                s.updatedAt);
    }
}
