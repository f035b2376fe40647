package io.switchboard.staff;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many conversations of each channel kind an operator handles at once: the product default of the kind
 * ({@link ChannelKind#defaultCapacity()}), unless the tenant overrides it, unless the operator's own value
 * overrides that. Auto-assignment never gives an operator more.
 */
@ApplicationScoped
public class Capacities {

    public static final int MAX = 100;

    private final EntityManager em;
    private final TenantContext tenant;
    private final Clock clock;
    private final Event<CapacityChanged> changed;

    public Capacities(EntityManager em, TenantContext tenant, Clock clock, Event<CapacityChanged> changed) {
        this.em = em;
        this.tenant = tenant;
        this.clock = clock;
        this.changed = changed;
    }

    /** A stored override: the operator's, or the tenant's when {@code operatorId} is null. */
    private record CapacityOverride(String operatorId, String channelKind, int capacity) {}

    private static List<CapacityOverride> rows(Query query) {
        List<?> tuples = query.getResultList();
        return tuples.stream()
                .map(Tuple.class::cast)
                .map(t -> new CapacityOverride(
                        t.get("operator_id", String.class),
                        t.get("channel_kind", String.class),
                        t.get("capacity", Number.class).intValue()))
                .toList();
    }

    /** The product defaults, by kind. */
    public static Map<ChannelKind, Integer> productDefaults() {
        Map<ChannelKind, Integer> defaults = new EnumMap<>(ChannelKind.class);
        for (ChannelKind kind : ChannelKind.values()) {
            defaults.put(kind, kind.defaultCapacity());
        }
        return defaults;
    }

    /** The current tenant's capacities: its overrides over the product defaults, for every kind. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<ChannelKind, Integer> tenantCapacities() {
        Map<ChannelKind, Integer> capacities = productDefaults();
        rows(em.createNativeQuery(
                                "SELECT NULL AS operator_id, channel_kind, capacity FROM tenant_capacity"
                                        + " WHERE tenant_id = :tenant",
                                Tuple.class)
                        .setParameter("tenant", tenant.require()))
                .forEach(row -> kind(row.channelKind()).ifPresent(k -> capacities.put(k, row.capacity())));
        return capacities;
    }

    /** The effective capacities of each of these operators of the current tenant, for every kind. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Map<ChannelKind, Integer>> of(Collection<String> operatorIds) {
        if (operatorIds.isEmpty()) {
            return Map.of();
        }
        Map<ChannelKind, Integer> base = tenantCapacities();
        Map<String, Map<ChannelKind, Integer>> capacities = new HashMap<>();
        operatorIds.forEach(id -> capacities.put(id, new EnumMap<>(base)));
        rows(em.createNativeQuery(
                                "SELECT operator_id, channel_kind, capacity FROM operator_capacity"
                                        + " WHERE tenant_id = :tenant AND operator_id IN (:ids)",
                                Tuple.class)
                        .setParameter("tenant", tenant.require())
                        .setParameter("ids", operatorIds))
                .forEach(row -> kind(row.channelKind())
                        .ifPresent(k -> capacities.get(row.operatorId()).put(k, row.capacity())));
        return capacities;
    }

    /**
     * Changes the current tenant's overrides: a value sets the kind's capacity, null removes the override (the
     * product default applies again).
     */
    @Transactional
    public Map<ChannelKind, Integer> setTenant(Map<String, Integer> changes) {
        Map<ChannelKind, Integer> parsed = parse(changes, "capacity");
        store(
                "INSERT INTO tenant_capacity (tenant_id, channel_kind, capacity, updated_at)"
                        + " VALUES (:tenant, :kind, :capacity, :now)"
                        + " ON DUPLICATE KEY UPDATE capacity = VALUES(capacity), updated_at = VALUES(updated_at)",
                "DELETE FROM tenant_capacity WHERE tenant_id = :tenant AND channel_kind = :kind",
                Map.of("tenant", tenant.require()),
                parsed);
        changed.fire(new CapacityChanged(tenant.require(), null));
        return tenantCapacities();
    }

    /** Changes an operator's overrides, like {@link #setTenant}; null removes one (the tenant's value applies). */
    @Transactional
    public void setOperator(String operatorId, Map<ChannelKind, Integer> changes) {
        if (Operator.findById(operatorId) == null) {
            throw new ResourceNotFoundException("Operator", operatorId);
        }
        store(
                "INSERT INTO operator_capacity (operator_id, channel_kind, tenant_id, capacity, updated_at)"
                        + " VALUES (:operator, :kind, :tenant, :capacity, :now)"
                        + " ON DUPLICATE KEY UPDATE capacity = VALUES(capacity), updated_at = VALUES(updated_at)",
                "DELETE FROM operator_capacity WHERE operator_id = :operator AND tenant_id = :tenant"
                        + " AND channel_kind = :kind",
                Map.of("operator", operatorId, "tenant", tenant.require()),
                changes);
        changed.fire(new CapacityChanged(tenant.require(), operatorId));
    }

    /**
     * Checks a map of capacities from a request: keys must be channel kinds and values 0 to {@value #MAX} or
     * null; every bad entry is reported as {@code field.KIND}.
     */
    public static Map<ChannelKind, Integer> parse(Map<String, Integer> values, String field) {
        Map<ChannelKind, Integer> parsed = new LinkedHashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        values.forEach((key, value) -> {
            var kind = kind(key);
            if (kind.isEmpty()) {
                errors.add(new Problem.FieldError(field + "." + key, "is not a channel kind"));
            } else if (value != null && (value < 0 || value > MAX)) {
                errors.add(new Problem.FieldError(field + "." + key, "must be between 0 and " + MAX));
            } else {
                parsed.put(kind.get(), value);
            }
        });
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        return parsed;
    }

    /** Applies changes: each kind's row is upserted, or deleted for null. {@code owner} binds the row's key. */
    private void store(String upsert, String delete, Map<String, Object> owner, Map<ChannelKind, Integer> changes) {
        Instant now = clock.instant();
        changes.forEach((kind, value) -> {
            Query statement =
                    em.createNativeQuery(value == null ? delete : upsert).setParameter("kind", kind.name());
            owner.forEach(statement::setParameter);
            if (value != null) {
                statement.setParameter("capacity", value).setParameter("now", now);
            }
            statement.executeUpdate();
        });
    }

    private static Optional<ChannelKind> kind(String name) {
        try {
            return Optional.of(ChannelKind.valueOf(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
