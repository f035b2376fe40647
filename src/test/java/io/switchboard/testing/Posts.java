package io.switchboard.testing;

import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.common.Ids;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link OutboundPost} the delivery outbox would hand a channel's publisher. */
public final class Posts {

    private final String text;
    private final List<OutboundReply.Attachment> media = new ArrayList<>();
    private String deliveryId = Ids.newId();
    private String postId = Ids.newId();
    private String subject;
    private String recipient;
    private String recipientName;

    private Posts(String text) {
        this.text = text;
    }

    public static Posts post(String text) {
        return new Posts(text);
    }

    /** A broadcast message to this contact id on the channel (number, address). */
    public Posts to(String recipientExternalId) {
        this.recipient = recipientExternalId;
        return this;
    }

    public Posts named(String name) {
        this.recipientName = name;
        return this;
    }

    public Posts delivery(String deliveryId) {
        this.deliveryId = deliveryId;
        return this;
    }

    /** As asked before publishing: no delivery yet. */
    public Posts validating() {
        this.deliveryId = null;
        return this;
    }

    public Posts subject(String subject) {
        this.subject = subject;
        return this;
    }

    public Posts medium(String url, String contentType, String name) {
        media.add(new OutboundReply.Attachment(url, contentType, name));
        return this;
    }

    public OutboundPost build() {
        return new OutboundPost(deliveryId, postId, text, subject, media, recipient, recipientName);
    }
}
