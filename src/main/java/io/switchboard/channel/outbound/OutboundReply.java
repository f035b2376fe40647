package io.switchboard.channel.outbound;

import java.time.Instant;
import java.util.List;

/**
 * One reply as a channel's sender needs it: what to say, to whom, and where in the thread. Built by the
 * delivery outbox from the message, its conversation and the contact's identity on the channel.
 *
 * @param deliveryId the outbox row: stable across retries, usable as the provider's idempotency key
 * @param messageId our id of the message
 * @param recipientExternalId the contact's id on this channel (phone number, page-scoped id, X user id, email
 *     address, chat visitor id)
 * @param threadKey the conversation's thread key within the channel (see the inbox's threading)
 * @param publicThread true for public threads (page comments, mentions): the reply is public too
 * @param inReplyToExternalId the provider id of the latest inbound message of the conversation (the comment,
 *     tweet or email being answered); null when there is none
 * @param references provider ids of the conversation's messages, oldest first (email {@code References})
 * @param subject the conversation's subject (email); may be null
 * @param lastInboundAt when the contact last wrote in this conversation (Messenger's 24-hour window)
 */
public record OutboundReply(
        String deliveryId,
        String messageId,
        String conversationId,
        String recipientExternalId,
        String recipientName,
        String threadKey,
        boolean publicThread,
        String inReplyToExternalId,
        List<String> references,
        String subject,
        Instant lastInboundAt,
        String text,
        List<Attachment> attachments) {

    public OutboundReply {
        references = references == null ? List.of() : List.copyOf(references);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Whether there is anything to send: text or at least one attachment. */
    public boolean isEmpty() {
        return (text == null || text.isBlank()) && attachments.isEmpty();
    }

    /**
     * The text followed by a link to each attachment, one a line ({@code name: url}), for channels that carry
     * text only: the customer opens the files from there.
     */
    public String textWithLinks() {
        StringBuilder out = new StringBuilder(text == null ? "" : text.strip());
        for (Attachment attachment : attachments) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (attachment.name() != null && !attachment.name().isBlank()) {
                out.append(attachment.name().strip()).append(": ");
            }
            out.append(attachment.url());
        }
        return out.toString();
    }

    /** A file the reply links to or carries by URL. */
    public record Attachment(String url, String contentType, String name) {}
}
