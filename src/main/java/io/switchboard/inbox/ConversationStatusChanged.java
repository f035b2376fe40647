package io.switchboard.inbox;

import java.time.Instant;

/**
 * An operator changed a conversation's status through the API. Fired synchronously inside the transaction that
 * changed it, so that observers which must keep their own rows consistent with it (ending work sessions on
 * resolve, freeing an operator's capacity) do so in the same transaction; side effects beyond the database
 * belong after commit ({@code TransactionPhase.AFTER_SUCCESS}).
 *
 * <p>Status changes made by the inbound path (a new message reopening a conversation) and by the snooze
 * wake-up job are written in bulk by plain SQL and are not announced here; they are in the conversation's
 * event log ({@code STATUS_CHANGED}).
 *
 * @param actorOperatorId who changed it
 */
public record ConversationStatusChanged(
        String tenantId,
        String conversationId,
        String channelId,
        String assigneeId,
        ConversationStatus from,
        ConversationStatus to,
        String actorOperatorId,
        Instant at) {}
