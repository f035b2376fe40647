package io.switchboard.staff;

import io.switchboard.common.Ids;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/** Teams of operators: names unique in the tenant, members operators of the tenant. */
@ApplicationScoped
public class TeamService {

    public static final int MAX_MEMBERS = 500;

    private final EntityManager em;
    private final TenantContext tenant;
    private final Clock clock;
    private final Event<TeamMembersChanged> membersChanged;

    public TeamService(EntityManager em, TenantContext tenant, Clock clock, Event<TeamMembersChanged> membersChanged) {
        this.em = em;
        this.tenant = tenant;
        this.clock = clock;
        this.membersChanged = membersChanged;
    }

    @Transactional
    public TeamView create(CreateTeamRequest request) {
        Set<String> members = validMembers(request.members());
        Team team = new Team();
        team.id = Ids.newId();
        team.name = request.name().strip();
        team.createdAt = clock.instant();
        team.updatedAt = team.createdAt;
        requireFreeName(team.name, null);
        team.persist();
        flushName(team.name);
        changeMembers(team, members);
        return view(team);
    }

    @Transactional
    public TeamView update(String id, UpdateTeamRequest request) {
        Team team = Team.<Team>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new ResourceNotFoundException("Team", id));
        Set<String> members = request.members() == null ? null : validMembers(request.members());
        if (request.name() != null && !request.name().strip().equals(team.name)) {
            requireFreeName(request.name().strip(), team.id);
            team.name = request.name().strip();
            team.updatedAt = clock.instant();
            flushName(team.name);
        }
        if (members != null && changeMembers(team, members)) {
            team.updatedAt = clock.instant();
        }
        return view(team);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TeamView> find(String id) {
        return Team.<Team>findByIdOptional(id).map(this::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TeamView> list(String cursor, int limit) {
        String after = Cursor.decode(cursor);
        var query = after == null ? Team.<Team>find("order by id") : Team.<Team>find("id > ?1 order by id", after);
        Page<Team> page = Cursor.page(query.range(0, limit).list(), limit, t -> t.id, t -> t);
        Map<String, List<String>> members =
                members(page.items().stream().map(t -> t.id).toList());
        return new Page<>(
                page.items().stream()
                        .map(t -> view(t, members.getOrDefault(t.id, List.of())))
                        .toList(),
                page.nextCursor());
    }

    /** Whether the current tenant has this team. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String id) {
        return Team.findById(id) != null;
    }

    /**
     * Records that a member of a team was just given a conversation of the team's, which orders the round robin of
     * auto-assignment (the least recently assigned member is next).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markAssigned(String teamId, String operatorId, Instant at) {
        em.createNativeQuery("UPDATE team_member SET last_assigned_at = :at"
                        + " WHERE team_id = :team AND operator_id = :operator AND tenant_id = :tenant")
                .setParameter("at", at)
                .setParameter("team", teamId)
                .setParameter("operator", operatorId)
                .setParameter("tenant", tenant.require())
                .executeUpdate();
    }

    /** Whether the operator is a member of this team of the current tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isMember(String teamId, String operatorId) {
        return !em.createNativeQuery(
                        "SELECT 1 FROM team_member WHERE team_id = ?1 AND operator_id = ?2 AND tenant_id = ?3")
                .setParameter(1, teamId)
                .setParameter(2, operatorId)
                .setParameter(3, tenant.require())
                .getResultList()
                .isEmpty();
    }

    /** Replaces the members; returns whether anything changed. Members who stay keep their assignment history. */
    private boolean changeMembers(Team team, Set<String> members) {
        Set<String> current = new HashSet<>(members(List.of(team.id)).getOrDefault(team.id, List.of()));
        Set<String> added = new LinkedHashSet<>(members);
        added.removeAll(current);
        Set<String> removed = new HashSet<>(current);
        removed.removeAll(members);
        if (added.isEmpty() && removed.isEmpty()) {
            return false;
        }
        if (!removed.isEmpty()) {
            em.createNativeQuery("DELETE FROM team_member WHERE team_id = :team AND operator_id IN (:ids)")
                    .setParameter("team", team.id)
                    .setParameter("ids", removed)
                    .executeUpdate();
        }
        Instant now = clock.instant();
        int order = 0;
        for (String operatorId : added) {
            // Microseconds apart, so that the order given is the order of joining (and of round-robin ties).
            em.createNativeQuery("INSERT INTO team_member (team_id, operator_id, tenant_id, added_at)"
                            + " VALUES (:team, :operator, :tenant, :at)")
                    .setParameter("team", team.id)
                    .setParameter("operator", operatorId)
                    .setParameter("tenant", tenant.require())
                    .setParameter("at", now.plusNanos(1000L * order++))
                    .executeUpdate();
        }
        membersChanged.fire(new TeamMembersChanged(tenant.require(), team.id, Set.copyOf(added), Set.copyOf(removed)));
        return true;
    }

    private record Membership(String teamId, String operatorId) {}

    /** The members of these teams, in the order they joined. */
    private Map<String, List<String>> members(List<String> teamIds) {
        Map<String, List<String>> members = new HashMap<>();
        if (teamIds.isEmpty()) {
            return members;
        }
        List<?> rows = em.createNativeQuery(
                        "SELECT team_id, operator_id FROM team_member"
                                + " WHERE tenant_id = :tenant AND team_id IN (:ids) ORDER BY added_at, operator_id",
                        Tuple.class)
                .setParameter("tenant", tenant.require())
                .setParameter("ids", teamIds)
                .getResultList();
        rows.stream()
                .map(Tuple.class::cast)
                .map(t -> new Membership(t.get("team_id", String.class), t.get("operator_id", String.class)))
                .forEach(m -> members.computeIfAbsent(m.teamId(), k -> new ArrayList<>())
                        .add(m.operatorId()));
        return members;
    }

    /** The requested members without repeats; 400 naming every entry that is not an operator of the tenant. */
    private Set<String> validMembers(List<String> requested) {
        if (requested == null) {
            return Set.of();
        }
        Set<String> known = requested.isEmpty()
                ? Set.of()
                : Operator.<Operator>find(
                                "id in ?1",
                                requested.stream().filter(id -> id != null).toList())
                        .list()
                        .stream()
                        .map(o -> o.id)
                        .collect(Collectors.toSet());
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            if (!known.contains(requested.get(i))) {
                errors.add(new Problem.FieldError("members[" + i + "]", "is not an operator of this tenant"));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        return new LinkedHashSet<>(requested);
    }

    private static void requireFreeName(String name, String exceptId) {
        boolean taken = exceptId == null
                ? Team.count("name = ?1", name) > 0
                : Team.count("name = ?1 and id <> ?2", name, exceptId) > 0;
        if (taken) {
            throw nameTaken(name);
        }
    }

    /** Writes now: a team of the same name created concurrently shows up here, as a 409. */
    private void flushName(String name) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw nameTaken(name);
            }
            throw e;
        }
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("A team named '" + name + "' exists already");
    }

    private TeamView view(Team team) {
        return view(team, members(List.of(team.id)).getOrDefault(team.id, List.of()));
    }

    private static TeamView view(Team team, List<String> members) {
        return new TeamView(team.id, team.name, members, team.createdAt, team.updatedAt);
    }
}
