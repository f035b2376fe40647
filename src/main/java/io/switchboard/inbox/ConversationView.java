package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A conversation with everything the inbox knows about it; its version is also its ETag. */
public record ConversationView(
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
        int unreadCount,
        Priority priority,

        @Schema(description = "Normalised: trimmed, lower-case, sorted")
        List<String> labels,

        String subject,

        @Schema(description = "When a SNOOZED conversation reopens by itself; null in any other status")
        Instant snoozedUntil,

        String teamId,
        Instant createdAt,

        @Schema(description = "Increases with every change; the ETag header carries it for If-Match")
        long version,

        @Schema(
                description = "Operators working on it now (heartbeats within the idle timeout), the longest-working"
                        + " first. Not part of the version: presence changes reach live streams as"
                        + " conversation-updated events")
        List<ConversationPresence.WorkingNow> workingNow,

        @Schema(description = ReplyDue.DESCRIPTION) Instant replyDueAt,

        @Schema(
                description = "A public thread (a comment thread, a mention and its replies) rather than private"
                        + " messages: replies to it are public posts or comments, with their limits")
        boolean publicThread,

        @Schema(
                description = "When the contact last wrote; Messenger takes private replies only within 24 hours of"
                        + " it. Null before any inbound message")
        Instant lastInboundAt) {}
