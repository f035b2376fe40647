package io.switchboard.inbox;

public enum ConversationStatus {
    OPEN,
    PENDING,
    SNOOZED,
    RESOLVED
}
