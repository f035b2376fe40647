package io.switchboard.inbox.live;

/** The data of one server-sent event: ids only; clients read the details through the API. */
public record LiveEvent(String type, String conversationId, String messageId) {}
