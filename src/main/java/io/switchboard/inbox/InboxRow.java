package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;

/** The columns of one inbox row, as {@link InboxQuery#COLUMNS} reads them (read with NativeRows, by alias). */
record InboxRow(
        String id,
        ConversationStatus status,
        String channelId,
        ChannelKind channelKind,
        String channelName,
        Integer firstResponseTargetSeconds,
        String contactId,
        String assigneeId,
        Instant lastActivityAt,
        String lastMessagePreview,
        int unreadCount,
        Priority priority) {}
