package io.switchboard.inbox;

import io.switchboard.channel.ResolvedChannel;
import java.time.Instant;
import java.util.List;

/**
 * One message as a channel adapter understood it, in the inbox's terms. Adapters build it from a verified
 * provider request; {@link InboundIngestor} stores it exactly once.
 *
 * @param externalId the provider's id of the message: the dedupe key within the channel
 * @param threadKey names the conversation within the channel; null means the sender's private thread
 * @param inReplyTo provider ids of messages this one answers, most specific first: when one of them is
 *     stored, the message joins that message's conversation (email threads, comment replies)
 */
public record InboundMessage(
        ResolvedChannel channel,
        String externalId,
        Sender sender,
        String threadKey,
        boolean publicThread,
        List<String> inReplyTo,
        String subject,
        String text,
        List<Attachment> attachments,
        Instant sentAt) {

    public InboundMessage {
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /**
     * Who wrote it, as the channel knows them. {@code email} is an address the person gave on a channel whose
     * identity is something else (a chat visitor's id): it fills the contact's address when the contact is new.
     */
    public record Sender(IdentityKind kind, String externalId, String name, String handle, String email) {

        public Sender(IdentityKind kind, String externalId, String name, String handle) {
            this(kind, externalId, name, handle, null);
        }
    }

    /** Attachment metadata; the content stays with the provider. */
    public record Attachment(String url, String contentType, String name, Long size) {}

    /** A private message: it joins the sender's thread on this channel. */
    public static InboundMessage direct(
            ResolvedChannel channel,
            String externalId,
            Sender sender,
            String text,
            List<Attachment> attachments,
            Instant sentAt) {
        return new InboundMessage(channel, externalId, sender, null, false, List.of(), null, text, attachments, sentAt);
    }

    String effectiveThreadKey() {
        return threadKey != null ? threadKey : privateThreadKey(sender.externalId());
    }

    /** The thread key of a sender's private conversation on a channel. */
    static String privateThreadKey(String senderExternalId) {
        return "contact:" + senderExternalId;
    }
}
