package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Work done off-system (a phone call, research), logged by hand. */
public record LogWorkRequest(
        @Schema(
                description = "Whose work it is; managers may log for any operator, agents only for themselves."
                        + " Defaults to the caller")
        String operatorId,

        @Schema(description = "The conversation the work was for, if any")
        String conversationId,

        @Schema(
                description = "The post the work was for (writing, approving), if any, instead of or besides a"
                        + " conversation: its time and cost then count on the post's channels, split evenly")
        String postId,

        @Schema(
                description = "Required without a conversation or post. With a conversation, its kind (the default)"
                        + " or PHONE (a call about it); with a post alone, the kind of one of its channels (by"
                        + " default its first)")
        ChannelKind channelKind,

        @Schema(description = "When the work started; not in the future", required = true)
        Instant startedAt,

        @Schema(description = "1 to 86400", required = true) Integer durationSeconds,

        @Schema(description = "Up to 2000 characters") String note) {}
