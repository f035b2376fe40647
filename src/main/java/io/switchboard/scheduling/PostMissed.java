package io.switchboard.scheduling;

import java.time.Instant;

/** An occurrence of a post could not go out within the grace period after its time. */
public record PostMissed(String tenantId, String postId, String authorId, Instant occurrence, Instant firedAt) {}
