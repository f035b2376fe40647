package io.switchboard.inbox;

public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
}
