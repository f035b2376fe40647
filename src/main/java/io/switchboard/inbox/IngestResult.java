package io.switchboard.inbox;

/** What storing an inbound message did. A duplicate names the message stored the first time. */
public record IngestResult(String messageId, String conversationId, boolean duplicate) {}
