package io.switchboard.inbox;

import java.time.Instant;

/**
 * Where operators' replies go out. The delivery outbox implements it: the inbox hands a reply over through this
 * interface and never depends on delivery itself (delivery depends on the inbox).
 */
public interface ReplyOutbox {

    /**
     * Writes the reply, its delivery and its history in the caller's transaction; returns the message written and
     * its send time. With an {@code idempotencyKey} the caller used before for the same request, nothing is
     * written and only the earlier message's id is returned.
     */
    Accepted reply(String conversationId, CreateMessageRequest request, String idempotencyKey);

    /**
     * A reply the outbox took: its message as written ({@code null} when an earlier request with the same
     * idempotency key wrote it) and when it goes out ({@code null}: now).
     */
    record Accepted(String messageId, Message written, Instant sendAt) {}

    /** Changes a reply that is still scheduled; returns the message's id. */
    String edit(String conversationId, String messageId, UpdateReplyRequest request);

    /** Cancels a reply that has not gone out yet; returns the message's id. */
    String cancel(String conversationId, String messageId);
}
