package io.switchboard.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final TenantRateLimiter limiter = new TenantRateLimiter(clock);
    private static final TenantLimits.Rate SIXTY_A_MINUTE_BURST_3 = new TenantLimits.Rate(60, 3);

    @Test
    void aBurstPassesThenTheRateAppliesAndTheWaitIsWhatRefillsOneRequest() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        }
        assertEquals(
                Optional.of(Duration.ofSeconds(1)), limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        clock.advance(Duration.ofMillis(400));
        assertEquals(
                Optional.of(Duration.ofMillis(600)), limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        clock.advance(Duration.ofMillis(600));
        assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        // A long pause refills the burst, never more.
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        }
        assertTrue(
                limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3).isPresent());
    }

    @Test
    void tenantsAndClassesHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3);
        }
        assertTrue(
                limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3).isPresent());
        assertEquals(Optional.empty(), limiter.acquire("globex", LimitClass.API, SIXTY_A_MINUTE_BURST_3));
        assertEquals(Optional.empty(), limiter.check("acme", LimitClass.PUBLIC_ENDPOINTS, SIXTY_A_MINUTE_BURST_3));
    }

    @Test
    void checkTakesNothingAndChargesAreCountedAfterwardsEvenBelowZero() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limiter.check("acme", LimitClass.PUBLIC_ENDPOINTS, SIXTY_A_MINUTE_BURST_3));
        }
        // Five requests were let through at once, before any was answered: the allowance owes two.
        for (int i = 0; i < 5; i++) {
            limiter.charge("acme", LimitClass.PUBLIC_ENDPOINTS, SIXTY_A_MINUTE_BURST_3);
        }
        assertEquals(
                Optional.of(Duration.ofSeconds(3)),
                limiter.check("acme", LimitClass.PUBLIC_ENDPOINTS, SIXTY_A_MINUTE_BURST_3));
    }

    @Test
    void newLimitsApplyAtOnceKeepingWhatIsLeftOfTheAllowance() {
        limiter.acquire("acme", LimitClass.API, SIXTY_A_MINUTE_BURST_3);
        // Two requests left; the new bucket holds 100 but starts with those two.
        TenantLimits.Rate larger = new TenantLimits.Rate(6000, 100);
        assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, larger));
        assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, larger));
        assertEquals(Optional.of(Duration.ofMillis(10)), limiter.acquire("acme", LimitClass.API, larger));
        // Lowered: never more than the new burst.
        clock.advance(Duration.ofMinutes(1));
        TenantLimits.Rate smaller = new TenantLimits.Rate(1, 1);
        assertEquals(Optional.empty(), limiter.acquire("acme", LimitClass.API, smaller));
        assertEquals(Optional.of(Duration.ofMinutes(1)), limiter.acquire("acme", LimitClass.API, smaller));
    }
}
