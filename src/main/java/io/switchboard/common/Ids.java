package io.switchboard.common;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Opaque string ids for every resource. They are UUIDv7 (RFC 9562): time-ordered, so inserts stay at the
 * right edge of the primary-key index and ids sort by creation time, which keyset pagination relies on.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
