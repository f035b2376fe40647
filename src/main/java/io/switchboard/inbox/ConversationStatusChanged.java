package io.switchboard.inbox;

import java.time.Instant;

/**
 * A conversation's status changed, whoever changed it: an operator through the API, a new inbound message reopening
 * it, or the end of its snooze. Each writes a {@code STATUS_CHANGED} event of the same shape (see {@code
 * ConversationEventLog.statusChanged}) and announces it here once. Fired synchronously inside the transaction that
 * changed it where there is one (the API, the snooze wake-up), so that observers which must keep their own rows
 * consistent with it (ending work sessions on resolve) do so in the same transaction, and side effects beyond the
 * database belong after commit ({@code TransactionPhase.AFTER_SUCCESS}); the inbound path, which writes in batches
 * on a connection of its own, announces its reopenings after its commit.
 *
 * @param actorOperatorId who changed it, null for the inbound path and the snooze wake-up
 */
public record ConversationStatusChanged(
        String tenantId,
        String conversationId,
        String channelId,
        String assigneeId,
        ConversationStatus from,
        ConversationStatus to,
        String actorOperatorId,
        Reason reason,
        Instant at) {

    /** Why the status changed, as the conversation's event log says it. */
    public enum Reason {
        OPERATOR("operator"),
        INBOUND_MESSAGE("inbound-message"),
        SNOOZE_EXPIRED("snooze-expired");

        private final String value;

        Reason(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}
