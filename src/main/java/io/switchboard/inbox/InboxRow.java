package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;

/** The columns of one inbox row, as {@link InboxQuery#COLUMNS} reads them. */
record InboxRow(
        String id,
        ConversationStatus status,
        String channelId,
        ChannelKind channelKind,
        String contactId,
        String assigneeId,
        Instant lastActivityAt,
        String lastMessagePreview,
        int unreadCount,
        Priority priority) {

    static InboxRow of(Object[] row) {
        return new InboxRow(
                (String) row[0],
                ConversationStatus.valueOf((String) row[1]),
                (String) row[2],
                ChannelKind.valueOf((String) row[3]),
                (String) row[4],
                (String) row[5],
                (Instant) row[6],
                (String) row[7],
                (Integer) row[8],
                Priority.valueOf((String) row[9]));
    }
}
