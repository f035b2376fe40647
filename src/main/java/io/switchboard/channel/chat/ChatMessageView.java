package io.switchboard.channel.chat;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message of the visitor's conversation, as the widget shows it. */
public record ChatMessageView(
        String id,

        @Schema(
                description = "INBOUND: written by the visitor; OUTBOUND: a reply to the visitor",
                enumeration = {"INBOUND", "OUTBOUND"})
        String direction,

        String text,
        Instant createdAt) {}
