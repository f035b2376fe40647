package io.switchboard.assignment;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.channel.ChannelKind;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.inbox.ConversationAssignees;
import io.switchboard.staff.Capacities;
import io.switchboard.staff.TeamService;
import io.switchboard.tenancy.TenantUnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Assigns the conversations waiting in a tenant's auto-assigning channels to ONLINE members of the channels'
 * teams, within their capacity. The queue is state, not events: every OPEN, unassigned conversation of such a
 * channel waits, longest-waiting first, so a pass started by any trigger, on any replica, finds all the work
 * there is. A pass holds the tenant's {@code assignment_lock} row, so the passes of one tenant run one at a
 * time across replicas and each sees the loads the previous one left: nobody gets more than their capacity
 * and no conversation is assigned twice.
 */
@ApplicationScoped
public class AutoAssigner {

    private static final Logger LOG = Logger.getLogger(AutoAssigner.class);

    private final EntityManager em;
    private final TenantUnitOfWork unitOfWork;
    private final Capacities capacities;
    private final ConversationAssignees assignees;
    private final TeamService teamService;
    private final Clock clock;
    private final int batch;

    public AutoAssigner(
            EntityManager em,
            TenantUnitOfWork unitOfWork,
            Capacities capacities,
            ConversationAssignees assignees,
            TeamService teamService,
            Clock clock,
            SwitchboardConfig config) {
        this.em = em;
        this.unitOfWork = unitOfWork;
        this.capacities = capacities;
        this.assignees = assignees;
        this.teamService = teamService;
        this.clock = clock;
        this.batch = config.assignment().batch();
    }

    /**
     * Assigns what can be assigned now in one tenant, one short transaction per batch; returns how many
     * conversations this call assigned. It runs as a unit of work of its own, in a request context of its own
     * (the caller's, if any, is set aside meanwhile: a sweep goes through many tenants).
     */
    public int assignWaiting(String tenantId) {
        return unitOfWork.call(tenantId, () -> {
            int total = 0;
            while (true) {
                Pass pass = QuarkusTransaction.requiringNew().call(() -> pass(tenantId));
                total += pass.assigned();
                if (!pass.more()) {
                    if (total > 0) {
                        LOG.debugf("Auto-assigned %d conversations in tenant %s", total, tenantId);
                    }
                    return total;
                }
            }
        });
    }

    private record Pass(int assigned, boolean more) {}

    private Pass pass(String tenantId) {
        if (em.createNativeQuery("SELECT tenant_id FROM assignment_lock WHERE tenant_id = :tenant FOR UPDATE")
                .setParameter("tenant", tenantId)
                .getResultList()
                .isEmpty()) {
            return new Pass(0, false); // The tenant never routed a channel to auto-assignment.
        }
        Map<String, RoutedChannel> channels = autoChannels(tenantId);
        if (channels.isEmpty()) {
            return new Pass(0, false);
        }
        Map<String, List<Member>> teams = onlineMembers(
                tenantId, channels.values().stream().map(RoutedChannel::teamId).collect(Collectors.toSet()));
        Workload workload = workload(teams);
        List<String> open = channels.values().stream()
                .filter(ch -> teams.getOrDefault(ch.teamId(), List.of()).stream()
                        .anyMatch(m -> workload.hasRoom(m.operatorId(), ch.kind())))
                .map(RoutedChannel::channelId)
                .toList();
        if (open.isEmpty()) {
            return new Pass(0, false);
        }
        List<Waiting> queue = waiting(open);
        int queued = queue.size();
        List<Waiting> waiting = lockStillWaiting(queue);
        Instant now = clock.instant();
        int assigned = 0;
        for (Waiting row : waiting) {
            String conversationId = row.conversationId();
            RoutedChannel channel = channels.get(row.channelId());
            Optional<Member> chosen = choose(channel, teams.getOrDefault(channel.teamId(), List.of()), workload);
            if (chosen.isEmpty()) {
                continue; // Its team is full; younger conversations of other teams may still fit.
            }
            Member member = chosen.get();
            // A microsecond apart: the order of this pass is the round-robin order of the next.
            Instant at = now.plusNanos(1000L * assigned);
            if (assignees.assignWaiting(
                    conversationId, channel.channelId(), member.operatorId(), channel.teamId(), at)) {
                workload.add(member.operatorId(), channel.kind());
                member.lastAssignedAt = at;
                teamService.markAssigned(channel.teamId(), member.operatorId(), at);
                assigned++;
            }
        }
        return new Pass(assigned, assigned > 0 && queued == batch);
    }

    /** The member who gets the next conversation of this channel, among those with room for its kind. */
    private static Optional<Member> choose(RoutedChannel channel, List<Member> members, Workload workload) {
        Comparator<Member> leastRecentlyAssigned = Comparator.comparing(
                        (Member m) -> m.lastAssignedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(m -> m.addedAt)
                .thenComparing(Member::operatorId);
        Comparator<Member> order = channel.mode() == AutoAssignment.LEAST_LOADED
                ? workload.byLoadRatio(channel.kind()).thenComparing(leastRecentlyAssigned)
                : leastRecentlyAssigned;
        return members.stream()
                .filter(m -> workload.hasRoom(m.operatorId(), channel.kind()))
                .min(order);
    }

    private Map<String, RoutedChannel> autoChannels(String tenantId) {
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT r.channel_id, r.team_id, r.auto_assignment, ch.kind"
                                + " FROM channel_routing r JOIN channel ch ON ch.id = r.channel_id"
                                + " WHERE r.tenant_id = :tenant AND r.auto_assignment <> 'OFF'"
                                + " AND r.team_id IS NOT NULL",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        Map<String, RoutedChannel> channels = new HashMap<>();
        query
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("team_id", StandardBasicTypes.STRING)
                .addScalar("auto_assignment", StandardBasicTypes.STRING)
                .addScalar("kind", StandardBasicTypes.STRING)
                .setParameter("tenant", tenantId)
                .getResultList()
                .stream()
                .map(RoutedChannel::of)
                .forEach(channel -> channels.put(channel.channelId(), channel));
        return channels;
    }

    private Map<String, List<Member>> onlineMembers(String tenantId, Set<String> teamIds) {
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT m.team_id, m.operator_id, m.last_assigned_at, m.added_at"
                                + " FROM team_member m JOIN operator o ON o.id = m.operator_id"
                                + " WHERE m.tenant_id = :tenant AND m.team_id IN (:teams)"
                                + " AND o.availability = 'ONLINE'",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        Map<String, List<Member>> members = new HashMap<>();
        query.addScalar("team_id", StandardBasicTypes.STRING)
                .addScalar("operator_id", StandardBasicTypes.STRING)
                .addScalar("last_assigned_at", StandardBasicTypes.INSTANT)
                .addScalar("added_at", StandardBasicTypes.INSTANT)
                .setParameter("tenant", tenantId)
                .setParameter("teams", teamIds)
                .getResultList()
                .forEach(t -> members.computeIfAbsent(t.get("team_id", String.class), k -> new ArrayList<>())
                        .add(new Member(
                                t.get("operator_id", String.class),
                                t.get("last_assigned_at", Instant.class),
                                t.get("added_at", Instant.class))));
        return members;
    }

    /** The capacities and current loads of the members. */
    private Workload workload(Map<String, List<Member>> teams) {
        List<String> operatorIds = teams.values().stream()
                .flatMap(List::stream)
                .map(Member::operatorId)
                .distinct()
                .toList();
        Map<String, Map<ChannelKind, Integer>> load = new HashMap<>();
        if (!operatorIds.isEmpty()) {
            // Operator ids are unique across tenants, so the assignee alone selects the tenant's rows (and the
            // load index covers the query).
            NativeQuery<Tuple> query = em.createNativeQuery(
                            "SELECT c.assignee_id, ch.kind, COUNT(*) AS open_count FROM conversation c"
                                    + " JOIN channel ch ON ch.id = c.channel_id"
                                    + " WHERE c.assignee_id IN (:operators) AND c.status IN ('OPEN', 'PENDING')"
                                    + " GROUP BY c.assignee_id, ch.kind",
                            Tuple.class)
                    .unwrap(NativeQuery.class);
            query.addScalar("assignee_id", StandardBasicTypes.STRING)
                    .addScalar("kind", StandardBasicTypes.STRING)
                    .addScalar("open_count", StandardBasicTypes.INTEGER)
                    .setParameter("operators", operatorIds)
                    .getResultList()
                    .forEach(t -> load.computeIfAbsent(t.get("assignee_id", String.class), k -> new HashMap<>())
                            .put(ChannelKind.valueOf(t.get("kind", String.class)), t.get("open_count", Integer.class)));
        }
        return new Workload(capacities.of(operatorIds), load);
    }

    /**
     * The longest-waiting conversations of these channels: OPEN, unassigned, and in the channel's team or in none
     * (a conversation handed to another team by hand is that team's to take, see {@link TeamTransfer}).
     */
    private List<Waiting> waiting(List<String> channelIds) {
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT c.id, c.channel_id FROM conversation c"
                                + " JOIN channel_routing r ON r.channel_id = c.channel_id"
                                + " WHERE c.channel_id IN (:channels) AND c.status = 'OPEN' AND c.assignee_id IS NULL"
                                + " AND (c.team_id IS NULL OR c.team_id = r.team_id)"
                                + " ORDER BY COALESCE(c.waiting_since, c.created_at), c.id",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        return query
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .setParameter("channels", channelIds)
                .setMaxResults(batch)
                .getResultList()
                .stream()
                .map(t -> new Waiting(t.get("id", String.class), t.get("channel_id", String.class)))
                .toList();
    }

    /** A conversation waiting for an operator, and its channel. */
    private record Waiting(String conversationId, String channelId) {}

    /**
     * Locks the conversations that still wait, in id order, the order in which the inbound path locks
     * conversations too (so that the two never deadlock); keeps the queue's order.
     */
    private List<Waiting> lockStillWaiting(List<Waiting> waiting) {
        if (waiting.isEmpty()) {
            return waiting;
        }
        @SuppressWarnings("unchecked")
        List<String> locked = em.createNativeQuery("SELECT id FROM conversation WHERE id IN (:ids)"
                        + " AND status = 'OPEN' AND assignee_id IS NULL ORDER BY id FOR UPDATE")
                .setParameter(
                        "ids", waiting.stream().map(Waiting::conversationId).toList())
                .getResultList();
        Set<String> still = new HashSet<>(locked);
        return waiting.stream().filter(w -> still.contains(w.conversationId())).toList();
    }

    private record RoutedChannel(String channelId, String teamId, AutoAssignment mode, ChannelKind kind) {

        static RoutedChannel of(Tuple t) {
            return new RoutedChannel(
                    t.get("channel_id", String.class),
                    t.get("team_id", String.class),
                    AutoAssignment.valueOf(t.get("auto_assignment", String.class)),
                    ChannelKind.valueOf(t.get("kind", String.class)));
        }
    }

    private static final class Member {
        private final String operatorId;
        private final Instant addedAt;
        private Instant lastAssignedAt;

        Member(String operatorId, Instant lastAssignedAt, Instant addedAt) {
            this.operatorId = operatorId;
            this.lastAssignedAt = lastAssignedAt;
            this.addedAt = addedAt;
        }

        String operatorId() {
            return operatorId;
        }
    }

    /** Capacities and loads per operator and channel kind, kept up to date as the pass assigns. */
    private record Workload(
            Map<String, Map<ChannelKind, Integer>> capacity, Map<String, Map<ChannelKind, Integer>> load) {

        int capacity(String operatorId, ChannelKind kind) {
            return capacity.getOrDefault(operatorId, Map.of()).getOrDefault(kind, 0);
        }

        int load(String operatorId, ChannelKind kind) {
            return load.getOrDefault(operatorId, Map.of()).getOrDefault(kind, 0);
        }

        boolean hasRoom(String operatorId, ChannelKind kind) {
            return load(operatorId, kind) < capacity(operatorId, kind);
        }

        void add(String operatorId, ChannelKind kind) {
            load.computeIfAbsent(operatorId, k -> new HashMap<>()).merge(kind, 1, Integer::sum);
        }

        /** Lowest load relative to capacity first (compared exactly, as cross products). */
        Comparator<Member> byLoadRatio(ChannelKind kind) {
            return (a, b) -> Long.compare(
                    (long) load(a.operatorId(), kind) * capacity(b.operatorId(), kind),
                    (long) load(b.operatorId(), kind) * capacity(a.operatorId(), kind));
        }
    }
}
