package io.switchboard.inbox.live;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.switchboard.inbox.InboxActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

/** Fans committed inbox activity out to the live streams of this replica. */
@ApplicationScoped
public class LiveUpdates {

    private final BroadcastProcessor<InboxActivity> processor = BroadcastProcessor.create();

    void publish(@ObservesAsync InboxActivity activity) {
        processor.onNext(activity);
    }

    /** The activity of one tenant, from now on. */
    public Multi<InboxActivity> of(String tenantId) {
        return processor.filter(a -> a.tenantId().equals(tenantId));
    }
}
