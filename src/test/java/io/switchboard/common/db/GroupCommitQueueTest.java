package io.switchboard.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupCommitQueueTest {

    @Test
    void everyCallerGetsItsOwnItemsResultAndItemsAreBatched() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var queue = new GroupCommitQueue<Integer, String>("test-writer", 100, 1, 10, batch -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstBatchHeld.countDown();
                await(release);
            }
            return batch.stream().map(i -> "stored " + i).toList();
        })) {
            CompletableFuture<String> first = queue.submit(0).toCompletableFuture();
            assertTrue(firstBatchHeld.await(5, TimeUnit.SECONDS));
            // While the writer is busy, 25 more queue up: they go in batches of at most 10.
            List<CompletableFuture<String>> rest = IntStream.rangeClosed(1, 25)
                    .mapToObj(i -> queue.submit(i).toCompletableFuture())
                    .toList();
            release.countDown();
            assertEquals("stored 0", first.get(5, TimeUnit.SECONDS));
            for (int i = 0; i < rest.size(); i++) {
                assertEquals("stored " + (i + 1), rest.get(i).get(5, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of(1, 10, 10, 5), batchSizes);
    }

    @Test
    void aTransientFailureIsRetriedAndAPermanentOneFailsTheWholeBatch() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (var queue = new GroupCommitQueue<String, String>("test-writer", 10, 1, 10, batch -> {
            if (batch.contains("bad")) {
                throw new SQLException("Data too long for column 'text'", "22001");
            }
            if (attempts.incrementAndGet() < 3) {
                throw new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001");
            }
            return batch;
        })) {
            assertEquals("ok", queue.submit("ok").toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(3, attempts.get());

            ExecutionException failed = assertThrows(
                    ExecutionException.class,
                    () -> queue.submit("bad").toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertInstanceOf(SQLException.class, failed.getCause());
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndAClosedQueueStoresWhatWasQueued() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> stored = Collections.synchronizedList(new ArrayList<>());
        var queue = new GroupCommitQueue<Integer, Integer>("test-writer", 2, 1, 1, batch -> {
            writerBusy.countDown();
            await(release);
            stored.addAll(batch);
            return batch;
        });
        CompletableFuture<Integer> inWriter = queue.submit(1).toCompletableFuture();
        assertTrue(writerBusy.await(5, TimeUnit.SECONDS));
        CompletableFuture<Integer> queuedA = queue.submit(2).toCompletableFuture();
        CompletableFuture<Integer> queuedB = queue.submit(3).toCompletableFuture();
        ExecutionException full = assertThrows(
                ExecutionException.class,
                () -> queue.submit(4).toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, full.getCause());

        release.countDown();
        queue.close();
        assertEquals(1, inWriter.get(5, TimeUnit.SECONDS));
        assertEquals(2, queuedA.get(5, TimeUnit.SECONDS));
        assertEquals(3, queuedB.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3), stored);
        ExecutionException closed = assertThrows(
                ExecutionException.class,
                () -> queue.submit(5).toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, closed.getCause());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
