package io.switchboard.testing;

import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.common.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link OutboundReply} the delivery outbox would hand a channel's sender. */
public final class Replies {

    private final String text;
    private final List<OutboundReply.Attachment> attachments = new ArrayList<>();
    private String deliveryId = Ids.newId();
    private String messageId = Ids.newId();
    private String conversationId = Ids.newId();
    private String recipient = "recipient";
    private String recipientName;
    private String threadKey = "thread";
    private boolean publicThread;
    private String inReplyTo;
    private List<String> references = List.of();
    private String subject;
    private Instant lastInboundAt = Instant.now();

    private Replies(String text) {
        this.text = text;
    }

    public static Replies reply(String text) {
        return new Replies(text);
    }

    public Replies to(String recipientExternalId) {
        this.recipient = recipientExternalId;
        return this;
    }

    public Replies named(String name) {
        this.recipientName = name;
        return this;
    }

    public Replies delivery(String deliveryId, String messageId) {
        this.deliveryId = deliveryId;
        this.messageId = messageId;
        return this;
    }

    public Replies conversation(String conversationId, String threadKey) {
        this.conversationId = conversationId;
        this.threadKey = threadKey;
        return this;
    }

    /** A reply in a public thread (comment, mention) to the message with this provider id. */
    public Replies publicReplyTo(String inReplyToExternalId) {
        this.publicThread = true;
        this.inReplyTo = inReplyToExternalId;
        return this;
    }

    /** A private reply answering the message with this provider id, in a thread with these ids (email). */
    public Replies answering(String inReplyToExternalId, String... references) {
        this.inReplyTo = inReplyToExternalId;
        this.references = List.of(references);
        return this;
    }

    public Replies subject(String subject) {
        this.subject = subject;
        return this;
    }

    public Replies lastInboundAt(Instant at) {
        this.lastInboundAt = at;
        return this;
    }

    public Replies attachment(String url, String contentType, String name) {
        attachments.add(new OutboundReply.Attachment(url, contentType, name));
        return this;
    }

    public OutboundReply build() {
        return new OutboundReply(
                deliveryId,
                messageId,
                conversationId,
                recipient,
                recipientName,
                threadKey,
                publicThread,
                inReplyTo,
                references,
                subject,
                lastInboundAt,
                text,
                attachments);
    }
}
