package io.switchboard.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Publishes inbox activity once the transaction that caused it has committed: observers (live updates,
 * assignment, reporting) never hear of a change that was rolled back, and never before they can read it.
 */
@ApplicationScoped
public class InboxActivityPublisher {

    private static final Logger LOG = Logger.getLogger(InboxActivityPublisher.class);
    /** Key of the activity collected in the current transaction. */
    private static final Object PENDING = new Object();

    private final TransactionSynchronizationRegistry transactions;
    private final Event<InboxActivity> activity;

    public InboxActivityPublisher(TransactionSynchronizationRegistry transactions, Event<InboxActivity> activity) {
        this.transactions = transactions;
        this.activity = activity;
    }

    /** Queues the change for publication after the current transaction commits; there must be one. */
    public void afterCommit(InboxActivity change) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("Inbox activity is published after a commit, so it needs a transaction");
        }
        @SuppressWarnings("unchecked")
        Set<InboxActivity> pending = (Set<InboxActivity>) transactions.getResource(PENDING);
        if (pending == null) {
            Set<InboxActivity> changes = new LinkedHashSet<>();
            transactions.putResource(PENDING, changes);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // Nothing to do before the commit.
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        changes.forEach(InboxActivityPublisher.this::publish);
                    }
                }
            });
            pending = changes;
        }
        pending.add(change);
    }

    private void publish(InboxActivity change) {
        activity.fireAsync(change).exceptionally(e -> {
            LOG.warn("An inbox activity observer failed", e);
            return null;
        });
    }
}
