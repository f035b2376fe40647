package io.switchboard.adapter.chat;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.inbox.ContactTranscript;
import io.switchboard.inbox.live.LiveUpdates;
import io.switchboard.inbox.live.LoggedEvent;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The replies sent to one chat visitor, live. Fed by the conversation event log through {@link LiveUpdates}, so
 * a reply sent by any replica reaches a visitor connected to any other: the delivery outbox logs {@code
 * DELIVERY_UPDATED} with {@code {messageId, status}} on every change of a reply's delivery, and a reply is
 * pushed when its status becomes SENT.
 */
@ApplicationScoped
public class VisitorReplyStream {

    static final String DELIVERY_UPDATED = "DELIVERY_UPDATED";

    /** Sent replies of the tenant waiting to be looked up for one stream; more fail the stream (it reconnects). */
    private static final int MAX_PENDING = 10_000;

    private final LiveUpdates liveUpdates;
    private final ContactTranscript transcript;
    private final TenantContext tenantContext;

    public VisitorReplyStream(LiveUpdates liveUpdates, ContactTranscript transcript, TenantContext tenantContext) {
        this.liveUpdates = liveUpdates;
        this.transcript = transcript;
        this.tenantContext = tenantContext;
    }

    /** The replies sent to the visitor from now on, each once, in the order they were sent. */
    public Multi<ChatMessageView> replies(ResolvedChannel channel, String identifier) {
        return liveUpdates
                .events(channel.tenantId())
                .filter(VisitorReplyStream::isSent)
                // The log's feed does not wait for anyone: replies are queued while earlier ones are looked up.
                .onOverflow()
                .buffer(MAX_PENDING)
                // Off the thread that feeds every stream: looking the reply up may read the database.
                .onItem()
                .transformToUniAndConcatenate(event -> Uni.createFrom()
                        .item(() -> sentReply(channel, identifier, event))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .filter(Optional::isPresent)
                .map(Optional::get);
    }

    /** The reply the event announces, if it was sent to this visitor; read as the channel's tenant. */
    private Optional<ChatMessageView> sentReply(ResolvedChannel channel, String identifier, LoggedEvent event) {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            tenantContext.set(channel.tenantId());
            return transcript
                    .sentReply(
                            channel.id(),
                            identifier,
                            event.conversationId(),
                            event.data().path("messageId").asText())
                    .map(ChatMessageView::of);
        } finally {
            requestContext.terminate();
        }
    }

    private static boolean isSent(LoggedEvent event) {
        return DELIVERY_UPDATED.equals(event.type())
                && "SENT".equals(event.data().path("status").asText())
                && event.data().hasNonNull("messageId");
    }
}
