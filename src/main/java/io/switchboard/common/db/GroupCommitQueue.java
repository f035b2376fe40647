package io.switchboard.common.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Group commit: callers hand items over and wait; writer threads take whatever has queued up (up to a batch) and
 * store it in one transaction, so the cost of a commit is shared by every item of the batch. A caller's stage
 * completes with its item's result once the batch committed, or fails with the batch's failure. Transient database
 * failures (lock timeouts, deadlocks: SQL state class 40) are retried with a short random wait.
 *
 * <p>The writers run on a fixed pool of named platform threads ({@code <name>-0}, ...). {@link #close} stops taking
 * items, lets the writers store what was queued, and waits for them a bounded time.
 *
 * @param <T> what callers submit
 * @param <R> the result of one item
 */
public final class GroupCommitQueue<T, R> implements AutoCloseable {

    /** Stores one batch in one transaction and returns one result per item, in the batch's order. */
    @FunctionalInterface
    public interface BatchWriter<T, R> {
        List<R> write(List<T> batch) throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(GroupCommitQueue.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final int maxBatch;
    private final BatchWriter<T, R> writer;
    private final BlockingQueue<Pending<T, R>> queue;
    private final ExecutorService writers;
    private volatile boolean running = true;

    public GroupCommitQueue(String name, int capacity, int writerThreads, int maxBatch, BatchWriter<T, R> writer) {
        if (writerThreads < 1 || maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("A group-commit queue needs a capacity, writers and a batch size");
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writers = Executors.newFixedThreadPool(
                writerThreads, Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        for (int i = 0; i < writerThreads; i++) {
            writers.execute(this::writeLoop);
        }
    }

    /**
     * Queues an item. The stage completes once its batch is stored; it fails at once with {@link
     * RejectedExecutionException} when the queue is full or closed (the caller's client should retry later).
     */
    public CompletionStage<R> submit(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new RejectedExecutionException(name + ": the queue is full"));
        }
        return pending.result;
    }

    /** Items waiting for a writer. */
    public int queued() {
        return queue.size();
    }

    /** Stops taking items, stores those already queued, and waits for the writers a bounded time. */
    @Override
    public void close() {
        running = false;
        writers.shutdownNow(); // interrupts writers waiting for items; they drain the queue before leaving
        try {
            if (!writers.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("%s: writers still busy after %s; %d items left unstored", name, DRAIN_TIMEOUT, queued());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending<T, R>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result.completeExceptionally(new RejectedExecutionException(name + ": shut down")));
    }

    private void writeLoop() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch, maxBatch);
                    if (batch.isEmpty()) {
                        return;
                    }
                }
            }
            queue.drainTo(batch, maxBatch - batch.size());
            if (!batch.isEmpty()) {
                store(batch);
                batch.clear();
            }
        }
    }

    private void store(List<Pending<T, R>> batch) {
        List<T> items = batch.stream().map(Pending::item).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                List<R> results = writer.write(items);
                if (results.size() != batch.size()) {
                    throw new IllegalStateException(
                            name + ": " + results.size() + " results for a batch of " + batch.size());
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(results.get(i));
                }
                return;
            } catch (SQLException | RuntimeException e) {
                if (transientFailure(e) && attempt < MAX_ATTEMPTS) {
                    LOG.debugf("%s: a batch of %d retried after a transient failure: %s", name, batch.size(), e);
                    // Lock conflicts clear when the other transaction ends; a little random wait avoids a rerun.
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L << attempt));
                    continue;
                }
                LOG.errorf(e, "%s: storing a batch of %d failed", name, batch.size());
                batch.forEach(p -> p.result.completeExceptionally(e));
                return;
            }
        }
    }

    /** Lock wait timeouts and deadlocks: the transaction was rolled back and may simply run again. */
    static boolean transientFailure(Throwable e) {
        return e instanceof SQLTransientException
                || (e instanceof SQLException sql
                        && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("40"));
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {}
}
