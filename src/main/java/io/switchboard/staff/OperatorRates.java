package io.switchboard.staff;

import io.switchboard.common.Ids;
import io.switchboard.common.Money;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operators' hourly costs over time. A rate applies from its {@code effectiveFrom} until the next rate's; a new
 * rate without a date applies from now on, so a later change never alters what earlier work cost. An
 * operator's first rate also covers the work they did before it was set: that work would otherwise cost
 * nothing in every report.
 */
@ApplicationScoped
public class OperatorRates {

    /** The highest hourly cost accepted, in minor units (a million in the major unit): beyond it is a typo. */
    public static final long MAX_AMOUNT_MINOR = 100_000_000L;

    private final Clock clock;
    private final Event<OperatorRateChanged> changed;

    public OperatorRates(Clock clock, Event<OperatorRateChanged> changed) {
        this.clock = clock;
        this.changed = changed;
    }

    /**
     * Records a new hourly cost for an operator of the current tenant.
     *
     * @param effectiveFrom when it applies from; null means now
     * @param setBy the operator (manager) who set it, kept for audit
     */
    @Transactional
    public OperatorRate set(String operatorId, Money hourlyCost, Instant effectiveFrom, String setBy) {
        if (hourlyCost.amountMinor() < 0 || hourlyCost.amountMinor() > MAX_AMOUNT_MINOR) {
            throw InvalidRequestException.ofField(
                    "hourlyCost.amountMinor", "must be between 0 and " + MAX_AMOUNT_MINOR + " (minor units)");
        }
        if (!Money.isCurrency(hourlyCost.currency())) {
            throw InvalidRequestException.ofField("hourlyCost.currency", "must be an ISO 4217 code such as EUR");
        }
        // Serialises rate changes of one operator, so that "first rate" and "next rate" are decided once.
        Operator operator = Operator.findById(operatorId, LockModeType.PESSIMISTIC_WRITE);
        if (operator == null) {
            throw new IllegalArgumentException("No operator " + operatorId + " in this tenant");
        }
        Instant now = clock.instant();
        Instant from = effectiveFrom != null ? effectiveFrom : now;
        List<OperatorRate> history = history(operatorId);
        boolean first = history.isEmpty();
        if (!first && !history.get(0).currency.equals(hourlyCost.currency())) {
            // Reports add costs up per operator and channel; one operator in two currencies cannot be summed.
            throw new ConflictException("This operator's costs are kept in " + history.get(0).currency
                    + "; a rate in another currency would make their totals meaningless");
        }
        if (history.stream().anyMatch(r -> r.effectiveFrom.equals(from))) {
            throw new ConflictException("A rate effective from " + from + " exists already for this operator");
        }
        OperatorRate rate = new OperatorRate();
        rate.id = Ids.newId();
        rate.operatorId = operatorId;
        rate.effectiveFrom = from;
        rate.amountMinor = hourlyCost.amountMinor();
        rate.currency = hourlyCost.currency();
        rate.setByOperatorId = setBy;
        rate.createdAt = now;
        rate.persist();
        Instant until = history.stream()
                .map(r -> r.effectiveFrom)
                .filter(f -> f.isAfter(from))
                .min(Instant::compareTo)
                .orElse(null);
        changed.fire(new OperatorRateChanged(operator.tenantId, operatorId, from, until, first));
        return rate;
    }

    /** The hourly cost in force at {@code at}: the latest rate from before it, else the operator's first rate. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Money> rateAt(String operatorId, Instant at) {
        Optional<OperatorRate> inForce = OperatorRate.<OperatorRate>find(
                        "operatorId = ?1 and effectiveFrom <= ?2 order by effectiveFrom desc", operatorId, at)
                .firstResultOptional();
        if (inForce.isEmpty()) {
            inForce = OperatorRate.<OperatorRate>find("operatorId = ?1 order by effectiveFrom", operatorId)
                    .firstResultOptional();
        }
        return inForce.map(OperatorRate::hourlyCost);
    }

    /** The current hourly cost (the rate in force now), if any was ever set. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Money> current(String operatorId) {
        return rateAt(operatorId, clock.instant());
    }

    /** The current hourly cost of each of these operators that has one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Money> current(Collection<String> operatorIds) {
        if (operatorIds.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, OperatorRate> inForce = new HashMap<>();
        // Oldest first: a later rate that is already in force replaces an earlier one; the first rate stays
        // when none is in force yet.
        OperatorRate.<OperatorRate>find("operatorId in ?1 order by effectiveFrom", operatorIds)
                .list()
                .forEach(rate -> inForce.merge(
                        rate.operatorId, rate, (kept, later) -> later.effectiveFrom.isAfter(now) ? kept : later));
        Map<String, Money> current = new HashMap<>();
        inForce.forEach((id, rate) -> current.put(id, rate.hourlyCost()));
        return current;
    }

    /** Oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OperatorRate> history(String operatorId) {
        return OperatorRate.<OperatorRate>find("operatorId = ?1 order by effectiveFrom", operatorId)
                .list();
    }
}
