package io.switchboard.reporting;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Traffic of one channel kind in one period: messages in and out, posts published on pages and accounts, recipients
 * broadcasts were sent to, and deliveries that failed (replies, posts and broadcast messages).
 */
public record VolumeRow(
        String period,
        String kind,
        long messagesIn,
        long messagesOut,
        long postsPublished,
        long broadcastRecipients,
        long deliveryFailures,
        DrillDown drillDown) {

    /** Links to what is behind each figure: conversations for messages, the calendar for posts and broadcasts. */
    @Schema(name = "VolumeDrillDown")
    public record DrillDown(String messagesIn, String messagesOut, String posts, String deliveryFailures) {}
}
