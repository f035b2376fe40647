package io.switchboard.staff;

/** Whether an operator takes work: only ONLINE operators get conversations by auto-assignment. */
public enum Availability {
    ONLINE,
    AWAY,
    OFFLINE
}
