package io.switchboard.channel.outbound;

import java.util.List;

/**
 * One post (or one message of a broadcast) as a channel's publisher needs it.
 *
 * @param deliveryId the outbox row: stable across retries; null when the post is only being validated
 * @param postId our id of the post
 * @param text what to publish (the target's variant where it has one)
 * @param subject the subject line (email broadcasts); may be null elsewhere
 * @param media files the post carries or links to, by URL
 * @param recipientExternalId for a broadcast message: the contact's id on the channel (phone number, email
 *     address); null for a feed post and when validating
 * @param recipientName the contact's display name, or null
 */
public record OutboundPost(
        String deliveryId,
        String postId,
        String text,
        String subject,
        List<OutboundReply.Attachment> media,
        String recipientExternalId,
        String recipientName) {

    public OutboundPost {
        media = media == null ? List.of() : List.copyOf(media);
    }

    /** The text followed by a link to each medium, one a line, for channels that carry text only. */
    public String textWithLinks() {
        StringBuilder out = new StringBuilder(text == null ? "" : text.strip());
        for (OutboundReply.Attachment medium : media) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (medium.name() != null && !medium.name().isBlank()) {
                out.append(medium.name().strip()).append(": ");
            }
            out.append(medium.url());
        }
        return out.toString();
    }
}
