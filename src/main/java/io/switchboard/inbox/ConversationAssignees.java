package io.switchboard.inbox;

import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;

/**
 * The inbox's side of assignment: who a conversation is assigned to. Each change is written with its {@code
 * ASSIGNEE_CHANGED} event, a new version, and a live update after the commit. Who may change it, and to whom,
 * is the assignment package's decision.
 */
@ApplicationScoped
public class ConversationAssignees {

    private final EntityManager em;
    private final TenantContext tenant;
    private final ConversationViews views;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;
    private final Event<ConversationAssigneeChanged> changed;
    private final Event<ConversationTeamChanged> teamChanged;

    ConversationAssignees(
            EntityManager em,
            TenantContext tenant,
            ConversationViews views,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            Event<ConversationAssigneeChanged> changed,
            Event<ConversationTeamChanged> teamChanged) {
        this.em = em;
        this.tenant = tenant;
        this.views = views;
        this.events = events;
        this.activity = activity;
        this.changed = changed;
        this.teamChanged = teamChanged;
    }

    /**
     * Locks a conversation of the current tenant for a change of its assignee and returns it as it is now; 404
     * when the tenant has no such conversation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ConversationView lock(String conversationId) {
        return views.view(locked(conversationId));
    }

    /**
     * Sets the assignee of a conversation locked by {@link #lock} (null: unassigned). Nothing is written when it
     * is already assigned so.
     *
     * @param teamId the team the conversation joins when it has none yet (its channel's), may be null
     * @param actorOperatorId who changed it, null for the system
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ConversationView assign(
            String conversationId,
            String operatorId,
            String teamId,
            ConversationAssigneeChanged.Reason reason,
            String actorOperatorId,
            Instant at) {
        Conversation c = locked(conversationId);
        if (Objects.equals(c.assigneeId, operatorId)) {
            return views.view(c);
        }
        String from = c.assigneeId;
        c.assigneeId = operatorId;
        if (c.teamId == null) {
            c.teamId = teamId;
        }
        if (operatorId == null) {
            // Handed back: it waits for an operator again, from now on.
            c.waitingSince = at;
        }
        c.updatedAt = at;
        record(c.tenantId, c.id, c.channelId, from, operatorId, reason, actorOperatorId, at);
        em.flush();
        return views.view(c);
    }

    /**
     * Moves a conversation locked by {@link #lock} to a team (null: no team), logged as {@code TEAM_CHANGED}
     * {from, to}. With {@code unassign}, its assignee hands it over to the team as well: it waits in the team's
     * queue from now on (an {@code ASSIGNEE_CHANGED} of its own). Nothing is written when it is in that team already.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ConversationView moveToTeam(
            String conversationId, String teamId, boolean unassign, String actorOperatorId, Instant at) {
        Conversation c = locked(conversationId);
        if (Objects.equals(c.teamId, teamId)) {
            return views.view(c);
        }
        String fromTeam = c.teamId;
        c.teamId = teamId;
        c.updatedAt = at;
        events.append(
                c.id,
                "TEAM_CHANGED",
                actorOperatorId,
                events.data().put("from", fromTeam).put("to", teamId),
                at);
        if (unassign && c.assigneeId != null) {
            String from = c.assigneeId;
            c.assigneeId = null;
            c.waitingSince = at;
            record(
                    c.tenantId,
                    c.id,
                    c.channelId,
                    from,
                    null,
                    ConversationAssigneeChanged.Reason.MANUAL,
                    actorOperatorId,
                    at);
        } else {
            activity.afterCommit(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, c.tenantId, c.id, null));
        }
        teamChanged.fire(new ConversationTeamChanged(
                c.tenantId, c.id, fromTeam, teamId, c.assigneeId == null && c.status == ConversationStatus.OPEN));
        em.flush();
        return views.view(c);
    }

    /**
     * Assigns a conversation of the current tenant if it is still OPEN and unassigned (a manual change or a
     * status change may have come first); returns whether it did. For the auto-assigner, which reads the
     * queue without loading entities.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean assignWaiting(
            String conversationId, String channelId, String operatorId, String teamId, Instant at) {
        int updated = em.createNativeQuery("UPDATE conversation SET assignee_id = :operator,"
                        + " team_id = COALESCE(:team, team_id), version = version + 1, updated_at = :at"
                        + " WHERE id = :id AND tenant_id = :tenant AND status = 'OPEN' AND assignee_id IS NULL")
                .setParameter("operator", operatorId)
                .setParameter("team", teamId)
                .setParameter("at", at)
                .setParameter("id", conversationId)
                .setParameter("tenant", tenant.require())
                .executeUpdate();
        if (updated == 0) {
            return false;
        }
        record(
                tenant.require(),
                conversationId,
                channelId,
                null,
                operatorId,
                ConversationAssigneeChanged.Reason.AUTO,
                null,
                at);
        return true;
    }

    private void record(
            String tenantId,
            String conversationId,
            String channelId,
            String from,
            String to,
            ConversationAssigneeChanged.Reason reason,
            String actor,
            Instant at) {
        events.append(
                conversationId,
                "ASSIGNEE_CHANGED",
                actor,
                events.data().put("from", from).put("to", to).put("reason", reason.name()),
                at);
        changed.fire(new ConversationAssigneeChanged(tenantId, conversationId, channelId, from, to, reason, actor, at));
        activity.afterCommit(
                new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
    }

    private Conversation locked(String conversationId) {
        Conversation c = em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !tenant.require().equals(c.tenantId)) {
            throw new ResourceNotFoundException("Conversation", conversationId);
        }
        return c;
    }
}
