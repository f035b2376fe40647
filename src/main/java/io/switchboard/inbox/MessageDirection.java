package io.switchboard.inbox;

public enum MessageDirection {
    INBOUND,
    OUTBOUND,
    NOTE
}
