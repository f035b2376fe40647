package io.switchboard.staff;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Money;
import io.switchboard.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Turns operators into API views, with their capacities and current rates read in bulk. Hourly costs are for
 * managers: an agent sees their own but not their colleagues'.
 */
@ApplicationScoped
class OperatorViews {

    private final Capacities capacities;
    private final OperatorRates rates;
    private final CurrentOperator viewer;

    OperatorViews(Capacities capacities, OperatorRates rates, CurrentOperator viewer) {
        this.capacities = capacities;
        this.rates = rates;
        this.viewer = viewer;
    }

    List<OperatorView> views(List<Operator> operators) {
        List<String> ids = operators.stream().map(o -> o.id).toList();
        Map<String, Map<ChannelKind, Integer>> capacity = capacities.of(ids);
        Map<String, Money> costs = rates.current(ids);
        boolean manager = viewer.hasRole(Roles.MANAGER);
        return operators.stream()
                .map(o -> new OperatorView(
                        o.id,
                        o.username,
                        o.name,
                        o.email,
                        o.roleList(),
                        o.availability,
                        o.availabilitySince,
                        manager || o.id.equals(viewer.id()) ? costs.get(o.id) : null,
                        capacity.get(o.id)))
                .toList();
    }

    OperatorView view(Operator operator) {
        return views(List.of(operator)).get(0);
    }
}
