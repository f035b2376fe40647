package io.switchboard.assignment;

import io.switchboard.common.db.RetryOnLockConflict;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.inbox.ConversationAssignees;
import io.switchboard.inbox.ConversationView;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.staff.TeamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;

/**
 * Hands a conversation to a team: it joins the team's queue ({@code team=…&assignee=none}) whatever its channel
 * routes to. An assignee who is a member of the team keeps it; anyone else hands it over, so that it waits for the
 * team's members. The channel's routing no longer moves it (see {@link ChannelRoutings#set}), and the
 * auto-assigner of its channel leaves it to the team it was handed to ({@link AutoAssigner}): that team's members
 * take it. Managers move any conversation; agents move the ones that are unassigned or theirs, as they may hand
 * those back.
 */
@ApplicationScoped
public class TeamTransfer {

    private final ConversationAssignees assignees;
    private final TeamService teams;
    private final CurrentOperator caller;
    private final Clock clock;

    public TeamTransfer(ConversationAssignees assignees, TeamService teams, CurrentOperator caller, Clock clock) {
        this.assignees = assignees;
        this.teams = teams;
        this.caller = caller;
        this.clock = clock;
    }

    @RetryOnLockConflict
    @Transactional
    public ConversationView move(String conversationId, String teamId) {
        ConversationView conversation = assignees.lock(conversationId);
        if (teamId != null && !teams.exists(teamId)) {
            throw InvalidRequestException.ofField("teamId", "is not a team of this tenant");
        }
        String assignee = conversation.assigneeId();
        String me = caller.id();
        if (!caller.hasRole(Roles.MANAGER) && assignee != null && !assignee.equals(me)) {
            throw new AccessDeniedException("Agents hand to a team the conversations that are unassigned or theirs;"
                    + " moving others' conversations is for managers");
        }
        if (Objects.equals(conversation.teamId(), teamId)) {
            return conversation;
        }
        boolean unassign = assignee != null && teamId != null && !teams.isMember(teamId, assignee);
        return assignees.moveToTeam(conversationId, teamId, unassign, me, clock.instant());
    }
}
