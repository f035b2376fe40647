package io.switchboard.inbox.live;

import io.switchboard.common.error.TooManyRequestsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the event streams this replica holds open, per holder (a tenant, a chat visitor): one more than the holder's
 * cap is refused with 429 before the stream opens. A slot is given back when its stream ends in any way (completed,
 * failed, or the client went away).
 */
@ApplicationScoped
public class StreamSlots {

    /** Streams are long; a client refused for having too many open retries after a while, not at once. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * Takes one of the holder's {@code max} slots.
     *
     * @return gives the slot back (once, however often it is run)
     * @throws TooManyRequestsException when all of them are taken
     */
    public Runnable take(String holder, int max, String refusal) {
        AtomicInteger count = open.compute(holder, (h, c) -> {
            AtomicInteger counter = c == null ? new AtomicInteger() : c;
            counter.incrementAndGet();
            return counter;
        });
        if (count.get() > max) {
            give(holder);
            throw new TooManyRequestsException(refusal, RETRY_AFTER);
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                give(holder);
            }
        };
    }

    /** Streams the holder has open on this replica. */
    public int open(String holder) {
        AtomicInteger count = open.get(holder);
        return count == null ? 0 : count.get();
    }

    private void give(String holder) {
        open.computeIfPresent(holder, (h, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
