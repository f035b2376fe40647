package io.switchboard.common;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Opaque string ids for every resource. They are UUIDv7 (RFC 9562): time-ordered, so inserts stay at the
 * right edge of the primary-key index and ids sort by creation time, which keyset pagination relies on.
 * Within one process they are strictly increasing (RFC 9562, method 1: a counter in the 12 bits after the
 * millisecond), so several things made in one millisecond still sort in the order they were made.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COUNTER_BITS = 12;
    private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

    private static long lastMillis;
    private static int counter;

    private Ids() {}

    public static String newId() {
        long millis;
        int sequence;
        synchronized (Ids.class) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                if (counter == COUNTER_MAX) {
                    // 4096 ids in one millisecond: borrow the next one rather than lose the order.
                    millis++;
                    counter = RANDOM.nextInt(1 << (COUNTER_BITS - 1));
                } else {
                    counter++;
                }
            } else {
                // A random start in the lower half leaves room to count and keeps ids hard to guess.
                counter = RANDOM.nextInt(1 << (COUNTER_BITS - 1));
            }
            lastMillis = millis;
            sequence = counter;
        }
        long msb = (millis << 16) | (0x7L << 12) | sequence;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
