package io.switchboard.staff;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Money;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OperatorService {

    private final OperatorViews views;
    private final OperatorRates rates;
    private final Capacities capacities;
    private final OperatorAvailability availability;

    public OperatorService(
            OperatorViews views, OperatorRates rates, Capacities capacities, OperatorAvailability availability) {
        this.views = views;
        this.rates = rates;
        this.capacities = capacities;
        this.availability = availability;
    }

    public Page<OperatorView> list(String cursor, int limit) {
        String after = Cursor.decode(cursor);
        var query = after == null
                ? Operator.<Operator>find("order by id")
                : Operator.<Operator>find("id > ?1 order by id", after);
        Page<Operator> page = Cursor.page(query.range(0, limit).list(), limit, o -> o.id, o -> o);
        return new Page<>(views.views(page.items()), page.nextCursor());
    }

    /** Whether the current tenant has this operator. */
    public boolean exists(String id) {
        return id != null && Operator.findById(id) != null;
    }

    public Optional<OperatorView> find(String id) {
        return Operator.<Operator>findByIdOptional(id).map(views::view);
    }

    /**
     * Changes an operator's hourly cost and capacities (a manager's decision). The whole request is checked
     * before anything is stored.
     *
     * @param setBy the manager making the change
     */
    @Transactional
    public OperatorView update(String id, UpdateOperatorRequest request, String setBy) {
        Operator operator = require(id);
        Map<ChannelKind, Integer> capacity =
                request.capacity() == null ? Map.of() : Capacities.parse(request.capacity(), "capacity");
        var cost = request.hourlyCost();
        if (cost != null) {
            rates.set(id, new Money(cost.amountMinor(), cost.currency()), cost.effectiveFrom(), setBy);
        }
        if (!capacity.isEmpty()) {
            capacities.setOperator(id, capacity);
        }
        return views.view(operator);
    }

    @Transactional
    public OperatorView setAvailability(String id, Availability value) {
        availability.set(id, value);
        return views.view(require(id));
    }

    public Page<RateView> rates(String id, String cursor, int limit) {
        require(id);
        Instant after = afterInstant(Cursor.decode(cursor));
        List<OperatorRate> history = rates.history(id).stream()
                .filter(r -> after == null || r.effectiveFrom.isAfter(after))
                .toList();
        return Cursor.page(history, limit, r -> r.effectiveFrom.toString(), RateView::of);
    }

    private static Instant afterInstant(String key) {
        try {
            return key == null ? null : Instant.parse(key);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.ofField("cursor", "is not a cursor returned by this API");
        }
    }

    private static Operator require(String id) {
        return Operator.<Operator>findByIdOptional(id).orElseThrow(() -> new ResourceNotFoundException("Operator", id));
    }
}
