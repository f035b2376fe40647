package io.switchboard.inbox;

import io.switchboard.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Records in a conversation's history that an operator started or stopped working on it. The history is also
 * the live-update feed, so every replica's clients see presence change. Tenant ids are explicit: background
 * jobs that end idle sessions of every tenant write these too.
 */
@ApplicationScoped
public class ConversationWorkEvents {

    private final EntityManager em;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;

    ConversationWorkEvents(EntityManager em, ConversationEventLog events, InboxActivityPublisher activity) {
        this.em = em;
        this.events = events;
        this.activity = activity;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void started(String tenantId, String conversationId, String operatorId, String sessionId, Instant at) {
        append(tenantId, conversationId, "WORK_STARTED", operatorId, sessionId, null, at);
    }

    /** @param reason {@code stop}, {@code idle} or {@code resolved} */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ended(
            String tenantId, String conversationId, String operatorId, String sessionId, String reason, Instant at) {
        append(tenantId, conversationId, "WORK_ENDED", operatorId, sessionId, reason, at);
    }

    private void append(
            String tenantId,
            String conversationId,
            String type,
            String operatorId,
            String sessionId,
            String reason,
            Instant at) {
        var data = events.data().put("operatorId", operatorId).put("sessionId", sessionId);
        if (reason != null) {
            data.put("reason", reason);
        }
        em.createNativeQuery("INSERT INTO conversation_event (id, tenant_id, conversation_id, type,"
                        + " actor_operator_id, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, Ids.newId())
                .setParameter(2, tenantId)
                .setParameter(3, conversationId)
                .setParameter(4, type)
                .setParameter(5, operatorId)
                .setParameter(6, events.json(data))
                .setParameter(7, at)
                .executeUpdate();
        activity.afterCommit(
                new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
    }
}
