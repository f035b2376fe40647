package io.switchboard.common.load;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The pace of the work that must never stop — writes (replies, webhooks, assignments: every successful request
 * that is not a read) and the delivery dispatcher's steps: how long each took on this replica, collected between
 * two looks of the read limit ({@code limits/ReadBulkhead}), which lets reads yield when this work slows down. Only
 * durations are kept, at most {@value #CAPACITY} between two looks (enough for a median); recording is one short
 * lock, far below the work it measures.
 *
 * <p>Work that is timed from its start ({@link #started}) is also known while it runs: when it stalls, little of it
 * ends between two looks, and the durations of what did end alone would tell of a quiet second, or of nothing (in two
 * of three overload drill traces the first look after the flood's start kept the quiet median, most likely because
 * fewer than five pieces had ended). So a look also gets the age of each piece still running that is already slower
 * than it is asked about: it took at least that long.
 */
@ApplicationScoped
public class CriticalWork {

    static final int CAPACITY = 4096;

    /** A piece whose end was not heard by then (its request never answered) is forgotten. */
    static final long FORGOTTEN_AFTER_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final long[] nanos = new long[CAPACITY];
    private int count;
    private final AtomicLong handles = new AtomicLong();
    private final ConcurrentHashMap<Long, Long> running = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public CriticalWork() {
        this(System::nanoTime);
    }

    CriticalWork(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

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

    /** A piece of critical work starts now; {@link #finished} with the handle returned ends it. */
    public long started() {
        long handle = handles.incrementAndGet();
        running.put(handle, nanoTime.getAsLong());
        return handle;
    }

    /** The piece ends: its duration is recorded if it succeeded (a refusal says nothing of the pace). */
    public void finished(long handle, boolean succeeded) {
        Long start = running.remove(handle);
        if (start != null && succeeded) {
            record(nanoTime.getAsLong() - start);
        }
    }

    /** The durations recorded since the last call, in nanoseconds, in no particular order; clears them. */
    public long[] drain() {
        return drain(Long.MAX_VALUE);
    }

    /**
     * The durations recorded since the last call, and the age of each piece still running that is older than
     * {@code slowerThanNanos}, in nanoseconds, in no particular order; clears the recorded ones.
     */
    public long[] drain(long slowerThanNanos) {
        long now = nanoTime.getAsLong();
        long[] stalled = new long[running.size()];
        int stalls = 0;
        for (var piece : running.entrySet()) {
            long age = now - piece.getValue();
            if (age > FORGOTTEN_AFTER_NANOS) {
                running.remove(piece.getKey(), piece.getValue());
            } else if (age > slowerThanNanos && stalls < stalled.length) {
                stalled[stalls++] = age;
            }
        }
        synchronized (nanos) {
            long[] taken = Arrays.copyOf(nanos, count + stalls);
            System.arraycopy(stalled, 0, taken, count, stalls);
            count = 0;
            return taken;
        }
    }
}
