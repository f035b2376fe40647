package io.switchboard.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retry delays: exponential backoff with full jitter (a random delay between zero and {@code base × 2^(n-1)},
 * capped), so that replicas retrying after a provider's outage do not come back in lockstep. A provider's own
 * Retry-After wins when it asks for longer.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("The backoff needs 0 < base <= cap, not " + base + " and " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The delay before attempt {@code failedAttempts + 1}, after {@code failedAttempts} (at least 1) failed. */
    public Duration after(int failedAttempts, Duration retryAfter) {
        long ceiling = base.toMillis();
        for (int i = 1; i < failedAttempts && ceiling < cap.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, cap.toMillis());
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
