package io.switchboard.scheduling;

/**
 * Where a post is in its workflow: DRAFT → (submit) PENDING_APPROVAL → (approve) SCHEDULED → PUBLISHING →
 * PUBLISHED, PARTIALLY_FAILED or FAILED; MISSED when it could not go out within the grace period; CANCELLED before
 * it went out. A recurring post returns to SCHEDULED after each occurrence while more are planned.
 */
public enum PostStatus {
    DRAFT,
    PENDING_APPROVAL,
    SCHEDULED,
    PUBLISHING,
    PUBLISHED,
    PARTIALLY_FAILED,
    FAILED,
    MISSED,
    CANCELLED;

    /** Whether the post's content and time may still be changed. */
    boolean editable() {
        return this == DRAFT || this == PENDING_APPROVAL || this == SCHEDULED;
    }
}
