package io.switchboard.common.error;

import java.time.Duration;

/** 429: the tenant sends more requests than its rate limit allows; the response says when to retry. */
public class TooManyRequestsException extends ApiException {

    private final Duration retryAfter;

    public TooManyRequestsException(String detail, Duration retryAfter) {
        super(429, "rate-limited", "Too Many Requests", detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as the Retry-After header counts them. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
