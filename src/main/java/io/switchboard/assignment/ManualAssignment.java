package io.switchboard.assignment;

import io.switchboard.common.db.RetryOnLockConflict;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.inbox.ConversationAssigneeChanged.Reason;
import io.switchboard.inbox.ConversationAssignees;
import io.switchboard.inbox.ConversationView;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.staff.OperatorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;

/**
 * Assignment by hand. Managers assign a conversation to anyone of the tenant (capacity is theirs to judge);
 * agents take an unassigned conversation for themselves or hand back their own.
 */
@ApplicationScoped
public class ManualAssignment {

    private final ConversationAssignees assignees;
    private final OperatorService operators;
    private final ChannelRoutings routings;
    private final CurrentOperator caller;
    private final Clock clock;

    public ManualAssignment(
            ConversationAssignees assignees,
            OperatorService operators,
            ChannelRoutings routings,
            CurrentOperator caller,
            Clock clock) {
        this.assignees = assignees;
        this.operators = operators;
        this.routings = routings;
        this.caller = caller;
        this.clock = clock;
    }

    /** Sets the conversation's assignee (null: unassigned) on behalf of the caller. */
    @RetryOnLockConflict
    @Transactional
    public ConversationView assign(String conversationId, String operatorId) {
        ConversationView conversation = assignees.lock(conversationId);
        if (operatorId != null && !operators.exists(operatorId)) {
            throw InvalidRequestException.ofField("operatorId", "is not an operator of this tenant");
        }
        String from = conversation.assigneeId();
        String me = caller.id();
        if (!caller.hasRole(Roles.MANAGER)) {
            boolean takes = me.equals(operatorId) && (from == null || from.equals(me));
            boolean handsBack = operatorId == null && (from == null || from.equals(me));
            if (!takes && !handsBack) {
                throw new AccessDeniedException(
                        "Agents take unassigned conversations for themselves and hand back their own; assigning"
                                + " others is for managers");
            }
        }
        if (Objects.equals(from, operatorId)) {
            return conversation;
        }
        Reason reason = from != null && operatorId != null ? Reason.REASSIGNED : Reason.MANUAL;
        String team = routings.teamOf(conversation.channelId()).orElse(null);
        return assignees.assign(conversationId, operatorId, team, reason, me, clock.instant());
    }
}
