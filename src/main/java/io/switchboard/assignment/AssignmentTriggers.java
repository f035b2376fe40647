package io.switchboard.assignment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.inbox.ConversationAssigneeChanged;
import io.switchboard.inbox.ConversationStatusChanged;
import io.switchboard.inbox.ConversationTeamChanged;
import io.switchboard.inbox.InboxActivity;
import io.switchboard.staff.Availability;
import io.switchboard.staff.CapacityChanged;
import io.switchboard.staff.OperatorAvailabilityChanged;
import io.switchboard.staff.TeamMembersChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Starts an auto-assignment pass as soon as this replica committed something that may make room or add work:
 * a status change (a resolve frees room, a reopen adds work, the inbound path's reopens included), an assignee
 * changed by hand, a waiting conversation handed to a team, an operator coming ONLINE, a capacity raised, a
 * member added, a channel switched to auto-assignment, and new conversations of the inbound path (heard after
 * their commit, off the ingest path). Nothing else starts one: a reply, its delivery, a note, a message read, a
 * label, a priority or a contact's name neither makes room nor adds work, and a pass per reply would cost a busy
 * tenant several statements for each. Passes run on threads of their own, so no request waits for them; requests
 * for a tenant that arrive while its pass is still queued join it. A trigger that is lost (a crash) costs only
 * time: the sweep finds the work anyway.
 */
@ApplicationScoped
public class AssignmentTriggers {

    private static final Logger LOG = Logger.getLogger(AssignmentTriggers.class);

    private final AutoAssigner assigner;
    private final TenantRouting routing;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("auto-assign-", 0).daemon().factory());

    private final Counter passes;

    public AssignmentTriggers(AutoAssigner assigner, TenantRouting routing, MeterRegistry metrics) {
        this.assigner = assigner;
        this.routing = routing;
        this.passes = Counter.builder("switchboard.assignment.triggered.passes")
                .description("Auto-assignment passes this replica started on a change it committed (not the sweep's)")
                .register(metrics);
    }

    /** Runs a pass for the tenant soon, unless one is queued already or the tenant does not auto-assign. */
    public void request(String tenantId) {
        if (!routing.of(tenantId).autoAssigns() || !queued.add(tenantId)) {
            return;
        }
        try {
            executor.execute(() -> {
                // Leaves the queue before it reads anything, so a later request runs another pass.
                queued.remove(tenantId);
                passes.increment();
                try {
                    assigner.assignWaiting(tenantId);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Auto-assignment in tenant %s failed; the sweep retries it", tenantId);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(tenantId); // Shutting down.
        }
    }

    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStatusChanged change) {
        request(change.tenantId());
    }

    void assigneeChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationAssigneeChanged change) {
        if (change.reason() != ConversationAssigneeChanged.Reason.AUTO) {
            request(change.tenantId());
        }
    }

    void availabilityChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) OperatorAvailabilityChanged change) {
        if (change.to() == Availability.ONLINE) {
            request(change.tenantId());
        }
    }

    void teamChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationTeamChanged change) {
        if (change.waiting()) {
            request(change.tenantId());
        }
    }

    void capacityChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CapacityChanged change) {
        request(change.tenantId());
    }

    void membersChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamMembersChanged change) {
        if (!change.added().isEmpty()) {
            request(change.tenantId());
        }
    }

    void routingChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChannelRoutingChanged change) {
        routing.invalidate(change.tenantId());
        if (change.autoAssignment() != AutoAssignment.OFF) {
            request(change.tenantId());
        }
    }

    void inboxActivity(@ObservesAsync InboxActivity activity) {
        if (activity.type() == InboxActivity.Type.CONVERSATION_CREATED) {
            request(activity.tenantId());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
