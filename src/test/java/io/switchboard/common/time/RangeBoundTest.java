package io.switchboard.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RangeBoundTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aDateIsTheStartOfThatDayInTheTenantsZoneAndAnInstantIsItself() {
        assertEquals(
                new RangeBound(Instant.parse("2026-02-28T23:00:00Z"), true), RangeBound.parse(" 2026-03-01 ", BERLIN));
        assertEquals(
                new RangeBound(Instant.parse("2026-02-28T23:00:00Z"), false),
                RangeBound.parse("2026-02-28T23:00:00Z", BERLIN));
    }

    @Test
    void boundsNoStoredTimeCanReachAreRefusedLikeMalformedOnes() {
        for (String far : new String[] {
            "-999999999-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59Z",
            "0999-12-31T23:59:59Z",
            "+10000-01-01",
            "-0001-01-01",
            "9999-12-31T12:00:00Z"
        }) {
            assertThrows(DateTimeException.class, () -> RangeBound.parse(far, BERLIN), far);
        }
        assertEquals(
                RangeBound.EARLIEST,
                RangeBound.parse("1000-01-01T00:00:00Z", BERLIN).instant());
        assertEquals(
                RangeBound.LATEST,
                RangeBound.parse("9999-12-31T00:00:00Z", BERLIN).instant());
    }
}
