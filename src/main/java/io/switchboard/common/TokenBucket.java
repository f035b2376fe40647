package io.switchboard.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket that holds {@code burst} requests and refills at {@code perMinute}, kept as time: the allowance
 * grows with elapsed time up to the capacity, and each request spends its cost (integer nanos keep it exact). Used
 * by the per-tenant request limits and the chat widget's per-visitor limit; thread-safe.
 */
public final class TokenBucket {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final int perMinute;
    private final int burst;
    /** Time one request costs; the bucket holds at most {@code burst} of them. */
    private final long costNanos;

    private final long capacityNanos;
    private long credit;
    private Instant updated;

    /** A full bucket. */
    public TokenBucket(int perMinute, int burst, Instant now) {
        this(perMinute, burst, now, -1);
    }

    private TokenBucket(int perMinute, int burst, Instant now, long credit) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("A rate limit must allow at least one request per minute and at once");
        }
        this.perMinute = perMinute;
        this.burst = burst;
        this.costNanos = MINUTE_NANOS / perMinute;
        this.capacityNanos = costNanos * burst;
        this.credit = credit < 0 ? capacityNanos : Math.min(credit, capacityNanos);
        this.updated = now;
    }

    public int perMinute() {
        return perMinute;
    }

    public int burst() {
        return burst;
    }

    /** A bucket of another size that keeps the whole requests this one has left. */
    public synchronized TokenBucket resized(int newPerMinute, int newBurst, Instant now) {
        refill(now);
        long requestsLeft = Math.max(0, credit) / costNanos;
        return new TokenBucket(newPerMinute, newBurst, now, requestsLeft * (MINUTE_NANOS / newPerMinute));
    }

    /**
     * Takes one request from the allowance.
     *
     * @return empty when the request may go on; otherwise how long until one may
     */
    public synchronized Optional<Duration> take(Instant now) {
        return take(now, false);
    }

    /** As {@link #take}, but without spending the allowance (see {@link #charge}). */
    public synchronized Optional<Duration> check(Instant now) {
        return take(now, true);
    }

    /**
     * Spends one request let through by {@link #check}; concurrent ones may take the allowance below zero (by at most
     * one burst), which later requests wait off.
     */
    public synchronized void charge(Instant now) {
        refill(now);
        credit = Math.max(credit - costNanos, -capacityNanos);
    }

    /** How long until the bucket is full again, plus a minute: once full, forgetting it changes nothing. */
    public synchronized long nanosUntilFull() {
        return capacityNanos - credit + MINUTE_NANOS;
    }

    private Optional<Duration> take(Instant now, boolean onlyCheck) {
        refill(now);
        if (credit >= costNanos) {
            if (!onlyCheck) {
                credit -= costNanos;
            }
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(costNanos - credit));
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            Duration elapsed = Duration.between(updated, now);
            long room = capacityNanos - credit;
            credit = elapsed.compareTo(Duration.ofNanos(room)) >= 0 ? capacityNanos : credit + elapsed.toNanos();
            updated = now;
        }
    }
}
