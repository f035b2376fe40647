package io.switchboard.inbox.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The buffer of one live stream: refuses items past its capacity, and may be polled by two threads at once. */
class BoundedQueueTest {

    @Test
    void refusesItemsPastItsCapacityAndTakesMoreOnceSomeAreTaken() {
        LiveUpdates.BoundedQueue<Integer> queue = new LiveUpdates.BoundedQueue<>(3);
        assertTrue(queue.offer(1));
        assertTrue(queue.offer(2));
        assertTrue(queue.offer(3));
        assertFalse(queue.offer(4));
        assertEquals(3, queue.size());
        assertEquals(1, queue.poll());
        assertTrue(queue.offer(5));
        assertEquals(List.of(2, 3, 5), List.copyOf(queue));
        queue.clear();
        assertEquals(0, queue.size());
        assertEquals(null, queue.poll());
    }

    @Test
    void aDrainAndAClearRacingTakeEachItemOnceAndEnd() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 50; round++) {
                LiveUpdates.BoundedQueue<Integer> queue = new LiveUpdates.BoundedQueue<>(100_000);
                CountDownLatch go = new CountDownLatch(1);
                Set<Integer> taken = ConcurrentHashMap.newKeySet();
                List<Integer> twice = new ArrayList<>();
                Future<?> producer = threads.submit(() -> {
                    await(go);
                    for (int i = 0; i < 20_000; i++) {
                        queue.offer(i);
                    }
                });
                Runnable consumer = () -> {
                    await(go);
                    for (int idle = 0; idle < 1_000; ) {
                        Integer item = queue.poll();
                        if (item == null) {
                            idle++;
                        } else if (!taken.add(item)) {
                            synchronized (twice) {
                                twice.add(item);
                            }
                        }
                    }
                };
                Future<?> drain = threads.submit(consumer);
                Future<?> clear = threads.submit(consumer);
                go.countDown();
                producer.get(10, TimeUnit.SECONDS);
                drain.get(10, TimeUnit.SECONDS);
                clear.get(10, TimeUnit.SECONDS);
                Set<Integer> left = new HashSet<>(queue);
                assertEquals(List.of(), twice, "taken twice");
                assertEquals(20_000, taken.size() + left.size(), "every item taken once or still queued");
                assertEquals(left.size(), queue.size());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
