package io.switchboard.reporting;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResponseTarget;
import io.switchboard.staff.Availability;
import io.switchboard.staff.Capacities;
import io.switchboard.tenancy.BusinessHours;
import io.switchboard.tenancy.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

/**
 * The tenant right now, for the manager's landing screen: per channel, the conversations open, pending, snoozed,
 * unassigned and awaiting a reply, and how many wait past the channel's first-response target (in the tenant's
 * business hours, {@link ResponseTarget}); per operator, the
 * availability and the load against the capacity of each kind; the longest-waiting conversations. Read from the
 * live tables (conversations not resolved, their unanswered messages, operators), not from the rollups.
 */
@ApplicationScoped
public class Overview {

    /** How many of the longest-waiting conversations the overview lists. */
    static final int LONGEST_WAITING = 20;

    private final EntityManager em;
    private final Capacities capacities;
    private final Clock clock;
    private final TenantService tenants;

    Overview(EntityManager em, Capacities capacities, Clock clock, TenantService tenants) {
        this.em = em;
        this.capacities = capacities;
        this.clock = clock;
        this.tenants = tenants;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public OverviewView now(String tenant) {
        Instant now = clock.instant();
        Map<String, ChannelFigures> channels = channels(tenant);
        countStatuses(tenant, channels);
        List<OverviewView.WaitingConversation> waiting =
                awaitingReply(tenant, channels, now, tenants.businessHours(tenant));
        List<OverviewView.OperatorNow> operators = operators(tenant);
        return new OverviewView(
                now,
                channels.values().stream().map(ChannelFigures::view).toList(),
                operators,
                waiting.stream().limit(LONGEST_WAITING).toList());
    }

    private Map<String, ChannelFigures> channels(String tenant) {
        Map<String, ChannelFigures> channels = new LinkedHashMap<>();
        for (Tuple t : tuples(
                "SELECT id, name, kind, enabled, first_response_target_seconds AS target FROM channel"
                        + " WHERE tenant_id = :tenant ORDER BY kind, name, id",
                tenant)) {
            ChannelKind kind = ChannelKind.valueOf(t.get("kind", String.class));
            Number target = t.get("target", Number.class);
            channels.put(
                    t.get("id", String.class),
                    new ChannelFigures(
                            t.get("id", String.class),
                            t.get("name", String.class),
                            kind,
                            ResponseTarget.of(kind, target == null ? null : target.intValue()),
                            bool(t.get("enabled"))));
        }
        return channels;
    }

    /** Conversations not resolved, per channel and status; the unassigned OPEN ones are the channel's queue. */
    private void countStatuses(String tenant, Map<String, ChannelFigures> channels) {
        for (Tuple t : tuples(
                "SELECT channel_id, status, assignee_id IS NULL AS unassigned, COUNT(*) AS n FROM conversation"
                        + " WHERE tenant_id = :tenant AND status IN ('OPEN', 'PENDING', 'SNOOZED')"
                        + " GROUP BY channel_id, status, assignee_id IS NULL",
                tenant)) {
            ChannelFigures c = channels.get(t.get("channel_id", String.class));
            if (c == null) {
                continue;
            }
            long n = t.get("n", Number.class).longValue();
            switch (t.get("status", String.class)) {
                case "OPEN" -> {
                    c.open += n;
                    if (bool(t.get("unassigned"))) {
                        c.unassigned += n;
                    }
                }
                case "PENDING" -> c.pending += n;
                case "SNOOZED" -> c.snoozed += n;
                default -> {}
            }
        }
    }

    /**
     * OPEN conversations with inbound messages no operator has answered yet, longest-waiting first. A reply answers
     * what arrived before it once it is on its way (queued, sending, sent, delivered); a reply scheduled for later,
     * failed or cancelled answered nobody, as the response-time facts count it.
     */
    private List<OverviewView.WaitingConversation> awaitingReply(
            String tenant, Map<String, ChannelFigures> channels, Instant now, BusinessHours hours) {
        List<OverviewView.WaitingConversation> waiting = new ArrayList<>();
        for (Tuple t : typed("SELECT c.id, c.channel_id, c.assignee_id, MIN(m.received_at) AS waiting_since"
                        + " FROM conversation c JOIN message m ON m.conversation_id = c.id"
                        + " AND m.direction = 'INBOUND' WHERE c.tenant_id = :tenant AND c.status = 'OPEN'"
                        + " AND m.received_at > COALESCE((SELECT MAX(r.created_at) FROM message r"
                        + " WHERE r.conversation_id = c.id AND r.direction = 'OUTBOUND'"
                        + " AND r.author_operator_id IS NOT NULL AND (r.delivery_status IS NULL"
                        + " OR r.delivery_status NOT IN ('SCHEDULED', 'FAILED', 'CANCELLED'))),"
                        + " TIMESTAMP '1970-01-01 00:00:01') GROUP BY c.id, c.channel_id, c.assignee_id")
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("assignee_id", StandardBasicTypes.STRING)
                .addScalar("waiting_since", StandardBasicTypes.INSTANT)
                .setParameter("tenant", tenant)
                .getResultList()) {
            ChannelFigures c = channels.get(t.get("channel_id", String.class));
            if (c == null) {
                continue;
            }
            Instant since = t.get("waiting_since", Instant.class);
            boolean late = c.target.pastDue(since, now, hours);
            c.awaitingReply++;
            if (late) {
                c.pastTarget++;
            }
            if (c.oldestWaitingSince == null || since.isBefore(c.oldestWaitingSince)) {
                c.oldestWaitingSince = since;
            }
            waiting.add(new OverviewView.WaitingConversation(
                    t.get("id", String.class),
                    c.id,
                    c.kind,
                    t.get("assignee_id", String.class),
                    since,
                    c.target.seconds(),
                    late));
        }
        waiting.sort(Comparator.comparing(OverviewView.WaitingConversation::waitingSince)
                .thenComparing(OverviewView.WaitingConversation::conversationId));
        return waiting;
    }

    /** Every operator with their availability, and their OPEN and PENDING conversations (their load) per kind. */
    private List<OverviewView.OperatorNow> operators(String tenant) {
        Map<String, Map<ChannelKind, Integer>> load = new HashMap<>();
        for (Tuple t : tuples(
                "SELECT c.assignee_id, ch.kind, COUNT(*) AS n FROM conversation c JOIN channel ch"
                        + " ON ch.id = c.channel_id WHERE c.tenant_id = :tenant AND c.assignee_id IS NOT NULL"
                        + " AND c.status IN ('OPEN', 'PENDING') GROUP BY c.assignee_id, ch.kind",
                tenant)) {
            load.computeIfAbsent(t.get("assignee_id", String.class), k -> new EnumMap<>(ChannelKind.class))
                    .put(
                            ChannelKind.valueOf(t.get("kind", String.class)),
                            t.get("n", Number.class).intValue());
        }
        List<Tuple> rows = typed("SELECT id, COALESCE(name, username, subject) AS name, availability,"
                        + " availability_since AS since FROM operator WHERE tenant_id = :tenant ORDER BY name, id")
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("name", StandardBasicTypes.STRING)
                .addScalar("availability", StandardBasicTypes.STRING)
                .addScalar("since", StandardBasicTypes.INSTANT)
                .setParameter("tenant", tenant)
                .getResultList();
        Map<String, Map<ChannelKind, Integer>> capacity =
                capacities.of(rows.stream().map(t -> t.get("id", String.class)).toList());
        List<OverviewView.OperatorNow> operators = new ArrayList<>();
        for (Tuple t : rows) {
            String id = t.get("id", String.class);
            Map<ChannelKind, Integer> own = load.getOrDefault(id, Map.of());
            Map<ChannelKind, Integer> capacityOf = capacity.getOrDefault(id, Map.of());
            boolean atCapacity = own.entrySet().stream()
                    .anyMatch(e -> e.getValue() > 0 && e.getValue() >= capacityOf.getOrDefault(e.getKey(), 0));
            Instant since = t.get("since", Instant.class);
            operators.add(new OverviewView.OperatorNow(
                    id,
                    t.get("name", String.class),
                    Availability.valueOf(t.get("availability", String.class)),
                    since,
                    atCapacity,
                    own.isEmpty() ? new EnumMap<>(ChannelKind.class) : new EnumMap<>(own),
                    capacityOf));
        }
        return operators;
    }

    /** A native query read as tuples by column name, its columns typed with addScalar (instants in UTC). */
    @SuppressWarnings("unchecked")
    private NativeQuery<Tuple> typed(String sql) {
        return em.createNativeQuery(sql, Tuple.class).unwrap(NativeQuery.class);
    }

    private List<Tuple> tuples(String sql, String tenant) {
        return em.createNativeQuery(sql, Tuple.class)
                .setParameter("tenant", tenant)
                .getResultList();
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    private static final class ChannelFigures {
        final String id;
        final String name;
        final ChannelKind kind;
        final ResponseTarget target;
        final boolean enabled;
        long open;
        long pending;
        long snoozed;
        long unassigned;
        long awaitingReply;
        long pastTarget;
        Instant oldestWaitingSince;

        ChannelFigures(String id, String name, ChannelKind kind, ResponseTarget target, boolean enabled) {
            this.id = id;
            this.name = name;
            this.kind = kind;
            this.target = target;
            this.enabled = enabled;
        }

        OverviewView.ChannelNow view() {
            return new OverviewView.ChannelNow(
                    id,
                    name,
                    kind,
                    enabled,
                    open,
                    pending,
                    snoozed,
                    unassigned,
                    awaitingReply,
                    pastTarget,
                    target.seconds(),
                    oldestWaitingSince);
        }
    }
}
