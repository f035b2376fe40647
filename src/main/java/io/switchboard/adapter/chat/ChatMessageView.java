package io.switchboard.adapter.chat;

import io.switchboard.inbox.ContactTranscript;
import io.switchboard.inbox.MessageAttachment;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message of the visitor's conversation, as the widget shows it. */
public record ChatMessageView(
        String id,

        @Schema(
                description = "INBOUND: written by the visitor; OUTBOUND: a reply to the visitor",
                enumeration = {"INBOUND", "OUTBOUND"})
        String direction,

        String text,

        @Schema(description = "Files of the message, by link")
        List<MessageAttachment> attachments,

        Instant createdAt) {

    static ChatMessageView of(ContactTranscript.Entry entry) {
        return new ChatMessageView(
                entry.id(), entry.direction().name(), entry.text(), entry.attachments(), entry.createdAt());
    }
}
