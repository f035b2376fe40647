package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Duration base = Duration.ofSeconds(2);
    private final Duration cap = Duration.ofMinutes(10);

    @Test
    void theCeilingDoublesPerFailedAttemptUpToTheCap() {
        Backoff highest = new Backoff(base, cap, () -> 0.999_999_9);
        assertEquals(Duration.ofMillis(1_999), highest.after(1, null));
        assertEquals(Duration.ofMillis(3_999), highest.after(2, null));
        assertEquals(Duration.ofMillis(15_999), highest.after(4, null));
        assertEquals(Duration.ofMillis(599_999), highest.after(10, null));
        assertEquals(Duration.ofMillis(599_999), highest.after(Integer.MAX_VALUE, null));
    }

    @Test
    void theDelayIsDrawnBetweenZeroAndTheCeiling() {
        assertEquals(Duration.ZERO, new Backoff(base, cap, () -> 0.0).after(5, null));
        assertEquals(Duration.ofSeconds(16), new Backoff(base, cap, () -> 0.5).after(5, null));
    }

    @Test
    void aLongerRetryAfterWins() {
        Backoff half = new Backoff(base, cap, () -> 0.5);
        assertEquals(Duration.ofSeconds(30), half.after(1, Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(1), half.after(1, Duration.ofMillis(200)));
        // Even beyond the cap: the provider knows when it will take requests again.
        assertEquals(Duration.ofHours(1), half.after(3, Duration.ofHours(1)));
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, cap, () -> 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(cap, base, () -> 0.5));
    }
}
