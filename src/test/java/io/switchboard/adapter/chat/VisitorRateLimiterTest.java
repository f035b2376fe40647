package io.switchboard.adapter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitorRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final VisitorRateLimiter limiter = new VisitorRateLimiter(clock, 20, 5);

    @Test
    void aBurstIsAllowedThenTheRateApplies() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire("ch", "v"), "message " + i);
        }
        // 20 per minute: the next message is possible 3 s after the bucket ran dry.
        assertEquals(Optional.of(Duration.ofSeconds(3)), limiter.tryAcquire("ch", "v"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(Duration.ofSeconds(2)), limiter.tryAcquire("ch", "v"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), limiter.tryAcquire("ch", "v"));
        assertTrue(limiter.tryAcquire("ch", "v").isPresent());
    }

    @Test
    void refusedAttemptsCostNothing() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("ch", "v");
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(limiter.tryAcquire("ch", "v").isPresent());
        }
        clock.advance(Duration.ofSeconds(3));
        assertEquals(Optional.empty(), limiter.tryAcquire("ch", "v"));
    }

    @Test
    void aLongPauseRefillsTheBurstButNoMore() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("ch", "v");
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire("ch", "v"), "message " + i);
        }
        assertTrue(limiter.tryAcquire("ch", "v").isPresent());
    }

    @Test
    void visitorsAndChannelsHaveTheirOwnAllowance() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("ch", "v");
        }
        assertTrue(limiter.tryAcquire("ch", "v").isPresent());
        assertEquals(Optional.empty(), limiter.tryAcquire("ch", "w"));
        assertEquals(Optional.empty(), limiter.tryAcquire("other", "v"));
    }

    @Test
    void aClockGoingBackwardsGrantsNothing() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("ch", "v");
        }
        clock.advance(Duration.ofSeconds(-30));
        assertTrue(limiter.tryAcquire("ch", "v").isPresent());
        clock.advance(Duration.ofSeconds(30));
        assertTrue(limiter.tryAcquire("ch", "v").isPresent(), "time already counted is not counted twice");
    }

    @Test
    void limitsMustAllowSomething() {
        assertThrows(IllegalArgumentException.class, () -> new VisitorRateLimiter(clock, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new VisitorRateLimiter(clock, 20, 0));
    }
}
