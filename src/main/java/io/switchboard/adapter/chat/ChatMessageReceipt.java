package io.switchboard.adapter.chat;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The visitor's message is stored. */
public record ChatMessageReceipt(
        @Schema(description = "The visitor's conversation") String conversationId,

        @Schema(description = "The stored message (the one stored first, for a repeated clientMessageId)")
        String messageId) {}
