package io.switchboard.inbox;

import java.time.Instant;
import java.util.List;

/**
 * Who is working on a conversation right now, so that two operators do not answer the same customer. The inbox
 * shows it; the handling-time log (workload) knows it from the operators' heartbeats.
 */
public interface ConversationPresence {

    /** The operators working on the tenant's conversation now, the longest-working first. */
    List<WorkingNow> workingNow(String tenantId, String conversationId);

    /** An operator working on a conversation, since when (the start of their current work session). */
    record WorkingNow(String operatorId, String name, Instant since) {}
}
