package io.switchboard.reporting;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A conversation behind a report figure, with how many of the counted things it contributed. */
public record ReportConversation(
        String conversationId,
        String channelId,
        String kind,

        @Schema(description = "Messages or facts it contributed; for HANDLED the local days it was worked on")
        long count) {}
