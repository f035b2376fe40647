package io.switchboard.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TooManyRequestsExceptionTest {

    private static long retryAfter(Duration wait) {
        return new TooManyRequestsException("slow down", wait).retryAfterSeconds();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertEquals(1, retryAfter(Duration.ofMillis(1)));
        assertEquals(3, retryAfter(Duration.ofMillis(2001)));
        assertEquals(3, retryAfter(Duration.ofSeconds(3)));
        assertEquals(1, retryAfter(Duration.ZERO));
    }

    @Test
    void everyRateLimitIsOneProblemType() {
        assertEquals("urn:switchboard:problem:rate-limited", new TooManyRequestsException("x", Duration.ZERO).type());
    }
}
