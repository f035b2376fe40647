package io.switchboard.common.load;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/**
 * The pace of the work that must never stop — writes (replies, webhooks, assignments: every successful request
 * that is not a read) and the delivery dispatcher's steps: how long each took on this replica, collected between
 * two looks of the read limit ({@code limits/ReadBulkhead}), which lets reads yield when this work slows down. Only
 * durations are kept, at most {@value #CAPACITY} between two looks (enough for a median); recording is one short
 * lock, far below the work it measures.
 */
@ApplicationScoped
public class CriticalWork {

    static final int CAPACITY = 4096;

    private final long[] nanos = new long[CAPACITY];
    private int count;

    /** One piece of critical work took {@code durationNanos}. */
    public void record(long durationNanos) {
        if (durationNanos < 0) {
            return;
        }
        synchronized (nanos) {
            if (count < CAPACITY) {
                nanos[count++] = durationNanos;
            }
        }
    }

    /** The durations recorded since the last call, in nanoseconds, in no particular order; clears them. */
    public long[] drain() {
        synchronized (nanos) {
            long[] taken = Arrays.copyOf(nanos, count);
            count = 0;
            return taken;
        }
    }
}
