package io.switchboard.workload;

import io.switchboard.common.Money;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.reporting.rollups.SessionFacts;
import io.switchboard.staff.OperatorRateChanged;
import io.switchboard.staff.OperatorRates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.List;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

/**
 * Keeps each work session's cost snapshot equal to the hourly cost in force when it started, when an operator's
 * rate history changes: in the transaction that changed it, with the report rollups' costs, so no report ever sees
 * the two disagree.
 */
@ApplicationScoped
class WorkCostSnapshots {

    private final EntityManager em;
    private final OperatorRates rates;
    private final RollupWriter rollups;

    WorkCostSnapshots(EntityManager em, OperatorRates rates, RollupWriter rollups) {
        this.em = em;
        this.rates = rates;
        this.rollups = rollups;
    }

    /**
     * The new rate is the one in force for sessions that started from its effective date until the next rate's;
     * an operator's first rate also covers everything they did before it.
     */
    void onRateChanged(@Observes OperatorRateChanged change) {
        Money rate = rates.rateAt(change.operatorId(), change.effectiveFrom())
                .orElseThrow(() -> new IllegalStateException(
                        "The changed rate of " + change.operatorId() + " is not visible in its own transaction"));
        StringBuilder where = new StringBuilder(" WHERE tenant_id = :tenant AND operator_id = :operator");
        if (!change.firstRate()) {
            where.append(" AND started_at >= :from");
        }
        if (change.until() != null) {
            where.append(" AND started_at < :until");
        }
        // The ended sessions as the rollups count them now, locked until the rollups count them at the new rate.
        @SuppressWarnings("unchecked")
        NativeQuery<Tuple> select = em.createNativeQuery(
                        "SELECT tenant_id, conversation_id, channel_id, channel_kind, started_at, ended_at,"
                                + " duration_seconds, hourly_cost_minor, hourly_cost_currency FROM work_session"
                                + where + " AND ended_at IS NOT NULL ORDER BY id FOR UPDATE",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        select.addScalar("tenant_id", StandardBasicTypes.STRING)
                .addScalar("conversation_id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("channel_kind", StandardBasicTypes.STRING)
                .addScalar("started_at", StandardBasicTypes.INSTANT)
                .addScalar("ended_at", StandardBasicTypes.INSTANT)
                .addScalar("duration_seconds", StandardBasicTypes.INTEGER)
                .addScalar("hourly_cost_minor", StandardBasicTypes.LONG)
                .addScalar("hourly_cost_currency", StandardBasicTypes.STRING);
        List<SessionFacts> before = bind(select, change).getResultList().stream()
                .map(t -> new SessionFacts(
                        t.get("tenant_id", String.class),
                        t.get("conversation_id", String.class),
                        t.get("channel_id", String.class),
                        t.get("channel_kind", String.class),
                        t.get("started_at", Instant.class),
                        t.get("ended_at", Instant.class),
                        t.get("duration_seconds", Integer.class),
                        t.get("hourly_cost_minor", Long.class),
                        t.get("hourly_cost_currency", String.class)))
                .toList();
        Query update = em.createNativeQuery("UPDATE work_session SET hourly_cost_minor = :amount,"
                        + " hourly_cost_currency = :currency" + where)
                .setParameter("amount", rate.amountMinor())
                .setParameter("currency", rate.currency());
        bind(update, change).executeUpdate();
        rollups.sessions(before.stream()
                .map(s -> new SessionFacts.Change(
                        s,
                        new SessionFacts(
                                s.tenantId(),
                                s.conversationId(),
                                s.channelId(),
                                s.kind(),
                                s.startedAt(),
                                s.endedAt(),
                                s.durationSeconds(),
                                rate.amountMinor(),
                                rate.currency())))
                .toList());
    }

    private static <Q extends Query> Q bind(Q query, OperatorRateChanged change) {
        query.setParameter("tenant", change.tenantId()).setParameter("operator", change.operatorId());
        if (!change.firstRate()) {
            query.setParameter("from", change.effectiveFrom());
        }
        if (change.until() != null) {
            query.setParameter("until", change.until());
        }
        return query;
    }
}
