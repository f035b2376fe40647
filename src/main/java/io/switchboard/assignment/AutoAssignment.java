package io.switchboard.assignment;

/** How a channel's new and reopened conversations reach the members of its team. */
public enum AutoAssignment {
    /** Operators take them (or a manager assigns them). */
    OFF,
    /** To the member with room who got one least recently. */
    ROUND_ROBIN,
    /** To the member with the lowest load relative to their capacity; ties as round robin. */
    LEAST_LOADED
}
