package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of the inbox. */
public record ConversationSummary(
        String id,
        ConversationStatus status,
        String channelId,
        ChannelKind channelKind,

        @Schema(description = "The channel's name as its admin set it (agents cannot list channels)")
        String channelName,

        ContactSummary contact,
        String assigneeId,
        Instant lastActivityAt,
        String lastMessagePreview,

        @Schema(description = "Inbound messages since an operator last marked the conversation read")
        int unreadCount,

        Priority priority,
        List<String> labels,

        @Schema(description = ReplyDue.DESCRIPTION) Instant replyDueAt) {}
