package io.switchboard.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.db.GroupCommitQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Stores inbound messages exactly once, in batches. Webhook requests hand their messages over and wait; writer
 * threads take whatever has queued up and store it in one transaction with a handful of multi-row statements
 * ({@link InboundBatchWriter}), so the cost of a commit is shared by every message of the batch ({@link
 * GroupCommitQueue}). The provider's id is unique per channel in the database, so replays, retries and concurrent
 * copies, on any replica, store nothing twice. A request is answered only after its batch committed.
 */
@ApplicationScoped
public class InboundIngestor {

    private static final int QUEUE_CAPACITY = 20_000;

    private final GroupCommitQueue<InboundMessage, IngestResult> queue;

    public InboundIngestor(
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            Clock clock,
            Event<InboxActivity> activity,
            Event<ConversationStatusChanged> statusChanged,
            ConversationEventLog events,
            SwitchboardConfig config) {
        this.queue = new GroupCommitQueue<>(
                "inbound-writer",
                QUEUE_CAPACITY,
                config.ingest().writers(),
                config.ingest().maxBatch(),
                new InboundBatchWriter(dataSource, mapper, clock, activity, statusChanged, events));
    }

    /**
     * Queues a message for storage. The stage completes once it is durably stored (or found stored already);
     * it fails when storage failed, and at once when the service is overloaded ({@link
     * RejectedExecutionException}), in which case the provider should retry later.
     */
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        Objects.requireNonNull(message.externalId(), "externalId");
        return queue.submit(message);
    }

    /**
     * Queues the messages of one provider delivery. The stage completes once every one is stored (or found
     * stored already), so a webhook can acknowledge the whole delivery; it fails with the first failure's own
     * exception (for example {@link RejectedExecutionException}), and the provider's retry stores only what is
     * still missing.
     */
    public CompletionStage<List<IngestResult>> submitAll(List<InboundMessage> messages) {
        List<CompletableFuture<IngestResult>> stages =
                messages.stream().map(m -> submit(m).toCompletableFuture()).toList();
        CompletableFuture<List<IngestResult>> all = new CompletableFuture<>();
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure == null) {
                all.complete(stages.stream().map(CompletableFuture::join).toList());
            } else {
                // Unwrapped, so that the exception mappers see the cause rather than a CompletionException.
                all.completeExceptionally(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            }
        });
        return all;
    }

    /** Stores what is queued, then stops the writers. */
    void stop(@Observes ShutdownEvent event) {
        queue.close();
    }
}
