package io.switchboard.channel.chat;

import io.switchboard.common.error.ApiException;
import java.time.Duration;

/** 429: the visitor sent more messages than the rate limit allows; {@link #retryAfter()} tells when to retry. */
class VisitorRateLimitedException extends ApiException {

    private final Duration retryAfter;

    VisitorRateLimitedException(Duration retryAfter) {
        super(429, "too-many-requests", "Too Many Requests", "Too many messages; retry after the indicated delay");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as the Retry-After header counts them. */
    long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
