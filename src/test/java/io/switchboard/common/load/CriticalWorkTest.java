package io.switchboard.common.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CriticalWorkTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CriticalWork work = new CriticalWork(now::get);

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private long[] drain(long slowerThanMillis) {
        long[] drained = work.drain(ms(slowerThanMillis));
        Arrays.sort(drained);
        return drained;
    }

    @Test
    void aPieceThatEndsIsRecordedWithItsDurationIfItSucceeded() {
        long ok = work.started();
        long refused = work.started();
        now.addAndGet(ms(12));
        work.finished(ok, true);
        work.finished(refused, false);
        work.finished(ok, true); // heard twice: counted once
        assertArrayEquals(new long[] {ms(12)}, drain(0));
        assertArrayEquals(new long[0], drain(0), "drained: cleared, and nothing is running any more");
    }

    @Test
    void aLookAlsoGetsTheAgeOfEachPieceStillRunningThatIsAlreadySlowerThanAsked() {
        work.started();
        now.addAndGet(ms(100));
        long young = work.started();
        now.addAndGet(ms(10));
        work.record(ms(7));
        // The old piece (110 ms) is slower than 15 ms; the young one (10 ms) tells nothing yet.
        assertArrayEquals(new long[] {ms(7), ms(110)}, drain(15));
        // Still running at the next look: counted again, older; the recorded one is not.
        now.addAndGet(ms(890));
        assertArrayEquals(new long[] {ms(900), ms(1000)}, drain(15));
        now.addAndGet(ms(100));
        work.finished(young, true);
        // The young one ends after 1,000 ms: recorded; the old one still runs (1,100 ms).
        assertArrayEquals(new long[] {ms(1000), ms(1100)}, drain(15));
        assertArrayEquals(new long[0], work.drain(), "without a threshold only ended pieces count");
    }

    @Test
    void aPieceWhoseEndIsNeverHeardIsForgotten() {
        work.started();
        now.addAndGet(CriticalWork.FORGOTTEN_AFTER_NANOS + 1);
        assertArrayEquals(new long[0], drain(15));
        assertArrayEquals(new long[0], drain(0), "and not counted again");
    }
}
