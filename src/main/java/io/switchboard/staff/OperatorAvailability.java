package io.switchboard.staff;

import io.switchboard.common.Ids;
import io.switchboard.common.error.ResourceNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Operators' availability and its history: each change ends the current period and starts the next, so the
 * time spent in each state is a sum of periods (reports read {@code operator_availability}).
 */
@ApplicationScoped
public class OperatorAvailability {

    private final Clock clock;
    private final Event<OperatorAvailabilityChanged> changed;

    public OperatorAvailability(Clock clock, Event<OperatorAvailabilityChanged> changed) {
        this.clock = clock;
        this.changed = changed;
    }

    /** Sets the availability of an operator of the current tenant; setting the current one changes nothing. */
    @Transactional
    public void set(String operatorId, Availability availability) {
        // Serialises the changes of one operator, so that periods never overlap.
        Operator operator = Operator.findById(operatorId, LockModeType.PESSIMISTIC_WRITE);
        if (operator == null) {
            throw new ResourceNotFoundException("Operator", operatorId);
        }
        change(operator, availability);
    }

    /**
     * Sets an operator of the current tenant from ONLINE to AWAY when no replica has streamed to them since
     * {@code cutoff}: checked again under the operator's lock, so a stream opened meanwhile, or a change of their
     * own, wins. Returns whether it did.
     */
    @Transactional
    public boolean awayAfterDisconnect(String operatorId, Instant cutoff) {
        Operator operator = Operator.findById(operatorId, LockModeType.PESSIMISTIC_WRITE);
        if (operator == null
                || operator.availability != Availability.ONLINE
                || operator.streamSeenAt == null
                || !operator.streamSeenAt.isBefore(cutoff)) {
            return false;
        }
        change(operator, Availability.AWAY);
        return true;
    }

    private void change(Operator operator, Availability availability) {
        if (operator.availability == availability) {
            return;
        }
        Instant now = clock.instant();
        AvailabilityPeriod.update("endedAt = ?1 where operatorId = ?2 and endedAt is null", now, operator.id);
        AvailabilityPeriod period = new AvailabilityPeriod();
        period.id = Ids.newId();
        period.operatorId = operator.id;
        period.availability = availability;
        period.startedAt = now;
        period.persist();
        Availability from = operator.availability;
        operator.availability = availability;
        operator.availabilitySince = now;
        changed.fire(new OperatorAvailabilityChanged(operator.tenantId, operator.id, from, availability, now));
    }

    /** The periods of an operator that overlap [from, to), oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AvailabilityPeriod> periods(String operatorId, Instant from, Instant to) {
        return AvailabilityPeriod.<AvailabilityPeriod>find(
                        "operatorId = ?1 and startedAt < ?3 and (endedAt is null or endedAt > ?2)"
                                + " order by startedAt, id",
                        operatorId,
                        from,
                        to)
                .list();
    }
}
