package io.switchboard.workload;

import io.switchboard.common.Money;
import io.switchboard.staff.OperatorRateChanged;
import io.switchboard.staff.OperatorRates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/**
 * Keeps each work session's cost snapshot equal to the hourly cost in force when it started, when an operator's
 * rate history changes: in the transaction that changed it, so no report ever sees the two disagree.
 */
@ApplicationScoped
class WorkCostSnapshots {

    private final EntityManager em;
    private final OperatorRates rates;

    WorkCostSnapshots(EntityManager em, OperatorRates rates) {
        this.em = em;
        this.rates = rates;
    }

    /**
     * The new rate is the one in force for sessions that started from its effective date until the next rate's;
     * an operator's first rate also covers everything they did before it.
     */
    void onRateChanged(@Observes OperatorRateChanged change) {
        Money rate = rates.rateAt(change.operatorId(), change.effectiveFrom())
                .orElseThrow(() -> new IllegalStateException(
                        "The changed rate of " + change.operatorId() + " is not visible in its own transaction"));
        StringBuilder sql = new StringBuilder("UPDATE work_session SET hourly_cost_minor = :amount,"
                + " hourly_cost_currency = :currency WHERE tenant_id = :tenant AND operator_id = :operator");
        if (!change.firstRate()) {
            sql.append(" AND started_at >= :from");
        }
        if (change.until() != null) {
            sql.append(" AND started_at < :until");
        }
        var update = em.createNativeQuery(sql.toString())
                .setParameter("amount", rate.amountMinor())
                .setParameter("currency", rate.currency())
                .setParameter("tenant", change.tenantId())
                .setParameter("operator", change.operatorId());
        if (!change.firstRate()) {
            update.setParameter("from", change.effectiveFrom());
        }
        if (change.until() != null) {
            update.setParameter("until", change.until());
        }
        update.executeUpdate();
    }
}
