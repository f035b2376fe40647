package io.switchboard.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Reopens snoozed conversations whose time has come, in every tenant. Every replica runs it; each claims its
 * rows with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and no conversation is woken twice.
 */
@ApplicationScoped
public class SnoozeWakeUp {

    private static final Logger LOG = Logger.getLogger(SnoozeWakeUp.class);

    private final EntityManager em;
    private final Clock clock;
    private final InboxActivityPublisher activity;
    private final ConversationEventLog events;
    private final Event<ConversationStatusChanged> statusChanged;
    private final int batchSize;

    public SnoozeWakeUp(
            EntityManager em,
            Clock clock,
            InboxActivityPublisher activity,
            ConversationEventLog events,
            Event<ConversationStatusChanged> statusChanged,
            SwitchboardConfig config) {
        this.em = em;
        this.clock = clock;
        this.activity = activity;
        this.events = events;
        this.statusChanged = statusChanged;
        this.batchSize = config.inbox().snoozeWakeBatch();
    }

    @Scheduled(
            identity = "inbox-snooze-wake-up",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.inbox.snooze-wake-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        int woken = wakeUpDue(clock.instant());
        if (woken > 0) {
            LOG.debugf("Reopened %d snoozed conversations", woken);
        }
    }

    /**
     * Reopens every conversation whose snooze ended at or before {@code now}, one short transaction per batch;
     * returns how many this call reopened. It needs no tenant: it reads and writes every tenant's rows by their
     * tenant ids (the request context only lets Hibernate open its session outside a request).
     */
    @ActivateRequestContext
    public int wakeUpDue(Instant now) {
        int total = 0;
        while (true) {
            int woken = QuarkusTransaction.requiringNew().call(() -> wakeUpBatch(now));
            total += woken;
            if (woken < batchSize) {
                return total;
            }
        }
    }

    /** A snoozed conversation whose time came. */
    private record Snoozed(
            String conversationId, String tenantId, String channelId, String assigneeId, Instant snoozedUntil) {}

    private int wakeUpBatch(Instant now) {
        // Native SQL across tenants on purpose: tenant ids come from the rows, explicitly. The limit is inlined
        // because MariaDB wants it before FOR UPDATE, where Hibernate's pagination cannot put it.
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT id, tenant_id, channel_id, assignee_id, snoozed_until FROM conversation"
                                + " WHERE status = 'SNOOZED' AND snoozed_until <= :now ORDER BY snoozed_until LIMIT "
                                + batchSize + " FOR UPDATE SKIP LOCKED",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        List<Snoozed> due = query
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("tenant_id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("assignee_id", StandardBasicTypes.STRING)
                .addScalar("snoozed_until", StandardBasicTypes.INSTANT)
                .setParameter("now", now)
                .getResultList()
                .stream()
                .map(t -> new Snoozed(
                        t.get("id", String.class),
                        t.get("tenant_id", String.class),
                        t.get("channel_id", String.class),
                        t.get("assignee_id", String.class),
                        t.get("snoozed_until", Instant.class)))
                .toList();
        if (due.isEmpty()) {
            return 0;
        }
        List<String> ids = due.stream().map(Snoozed::conversationId).toList();
        em.createNativeQuery("UPDATE conversation SET status = 'OPEN', snoozed_until = NULL, waiting_since = :now,"
                        + " version = version + 1,"
                        + " updated_at = :now WHERE id IN (:ids)")
                .setParameter("now", now)
                .setParameter("ids", ids)
                .executeUpdate();
        StringBuilder insert = new StringBuilder(
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at) VALUES ");
        List<Object> params = new ArrayList<>();
        for (Snoozed row : due) {
            int n = params.size();
            insert.append(n == 0 ? "" : ",")
                    .append("(?%d, ?%d, ?%d, 'STATUS_CHANGED', ?%d, ?%d)".formatted(n + 1, n + 2, n + 3, n + 4, n + 5));
            String data = events.json(events.statusChanged(
                    ConversationStatus.SNOOZED,
                    ConversationStatus.OPEN,
                    ConversationStatusChanged.Reason.SNOOZE_EXPIRED,
                    row.snoozedUntil()));
            params.addAll(List.of(Ids.newId(), row.tenantId(), row.conversationId(), data, now));
            activity.afterCommit(new InboxActivity(
                    InboxActivity.Type.CONVERSATION_UPDATED, row.tenantId(), row.conversationId(), null));
        }
        Query events = em.createNativeQuery(insert.toString());
        for (int i = 0; i < params.size(); i++) {
            events.setParameter(i + 1, params.get(i));
        }
        events.executeUpdate();
        for (Snoozed row : due) {
            statusChanged.fire(new ConversationStatusChanged(
                    row.tenantId(),
                    row.conversationId(),
                    row.channelId(),
                    row.assigneeId(),
                    ConversationStatus.SNOOZED,
                    ConversationStatus.OPEN,
                    null,
                    ConversationStatusChanged.Reason.SNOOZE_EXPIRED,
                    now));
        }
        return due.size();
    }
}
