package io.switchboard.channel.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    /** Counts what the reader asks for and whether it cancelled. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        BoundedBody body = new BoundedBody(10);
        Subscription subscription = new Subscription();
        body.onSubscribe(subscription);
        body.onNext(List.of(ByteBuffer.wrap("hello".getBytes()), ByteBuffer.wrap(" you".getBytes())));
        body.onComplete();
        assertArrayEquals(
                "hello you".getBytes(), body.getBody().toCompletableFuture().get());
        assertEquals(false, subscription.cancelled);
    }

    @Test
    void fiftyMegabytesAreCutAtTheLimitWithoutBeingHeld() {
        long limit = 1024 * 1024;
        BoundedBody body = new BoundedBody(limit);
        Subscription subscription = new Subscription();
        body.onSubscribe(subscription);
        byte[] chunk = new byte[64 * 1024];
        int offered = 0;
        while (!subscription.cancelled && offered < 50 * 16) {
            body.onNext(List.of(ByteBuffer.wrap(chunk)));
            offered++;
            assertTrue(body.buffered() <= limit, "never more than the limit in memory");
        }
        assertTrue(subscription.cancelled, "the exchange is cancelled, not read to its end");
        assertEquals(17, offered, "16 chunks fill the limit; the 17th would exceed it");
        assertEquals(0, body.buffered(), "what was read is let go");
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> body.getBody().toCompletableFuture().get());
        assertTrue(failure.getCause() instanceof BoundedBody.TooLarge);
        assertTrue(subscription.requested <= offered, "asked for one chunk at a time");
    }
}
