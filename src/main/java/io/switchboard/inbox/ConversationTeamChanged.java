package io.switchboard.inbox;

/**
 * A conversation was handed to another team (or to none). Fired synchronously inside the transaction that moved
 * it (observers that act beyond the database use {@code TransactionPhase.AFTER_SUCCESS}); the conversation's event
 * log has it as {@code TEAM_CHANGED} {from, to}. An assignee it loses in the move comes as a {@link
 * ConversationAssigneeChanged} of its own.
 *
 * @param from the previous team, null for none
 * @param to the new team, null for none
 * @param waiting whether it is OPEN and unassigned after the move: work for the auto-assigner of its new team
 */
public record ConversationTeamChanged(
        String tenantId, String conversationId, String from, String to, boolean waiting) {}
