package io.switchboard.inbox;

import java.time.Instant;

/**
 * A conversation's assignee changed. Fired synchronously inside the transaction that changed it (observers that
 * act beyond the database use {@code TransactionPhase.AFTER_SUCCESS}); the conversation's event log has it as
 * {@code ASSIGNEE_CHANGED} {from, to, reason}.
 *
 * @param from the previous assignee, null when it was unassigned
 * @param to the new assignee, null when it was handed back
 * @param actorOperatorId who changed it; null for the auto-assigner
 */
public record ConversationAssigneeChanged(
        String tenantId,
        String conversationId,
        String channelId,
        String from,
        String to,
        Reason reason,
        String actorOperatorId,
        Instant at) {

    public enum Reason {
        /** By an operator through the API (taken, handed back, or given to someone by a manager). */
        MANUAL,
        /** By the auto-assigner, to a member of the channel's team with room for it. */
        AUTO,
        /** By an operator through the API, from one operator straight to another. */
        REASSIGNED
    }
}
