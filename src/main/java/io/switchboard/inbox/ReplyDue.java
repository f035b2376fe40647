package io.switchboard.inbox;

import io.switchboard.channel.ResponseTarget;
import io.switchboard.common.db.NativeRows;
import io.switchboard.tenancy.BusinessHours;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When an open conversation's reply is due: its oldest inbound message that no reply has answered yet, plus its
 * channel's first-response target in the tenant's business time ({@link ResponseTarget}). A reply answers once it went out (sent or delivered), as the
 * response-time report counts it, so the inbox's countdown and the report's "met the target" agree.
 */
final class ReplyDue {

    static final String DESCRIPTION = "When the channel's response target is missed: the oldest inbound message no"
            + " sent reply has answered yet, plus the channel's first-response target (its own, else its kind's:"
            + " CHAT and API 1 min, SMS 15 min, X 1 h, FACEBOOK 4 h, EMAIL 24 h), counted in business time when"
            + " the tenant has business hours (a message on Friday evening with a 1 h target is due an hour after"
            + " Monday's opening), as the response-time report measures it. Null unless the conversation is OPEN"
            + " and waits for a reply";

    private ReplyDue() {}

    /** The oldest unanswered inbound message of each of these conversations that has one. */
    static Map<String, Instant> waitingSince(EntityManager em, Collection<String> conversationIds) {
        Map<String, Instant> since = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return since;
        }
        List<Waiting> rows = NativeRows.list(
                em.createNativeQuery("SELECT i.conversation_id AS conversation_id, MIN(i.received_at) AS since"
                                + " FROM message i"
                                + " LEFT JOIN (SELECT conversation_id, MAX(created_at) AS answered FROM message"
                                + " WHERE conversation_id IN (:ids) AND direction = 'OUTBOUND'"
                                + " AND author_operator_id IS NOT NULL AND delivery_status IN ('SENT', 'DELIVERED')"
                                + " GROUP BY conversation_id) r ON r.conversation_id = i.conversation_id"
                                + " WHERE i.conversation_id IN (:ids) AND i.direction = 'INBOUND'"
                                + " AND (r.answered IS NULL OR i.created_at > r.answered)"
                                + " GROUP BY i.conversation_id")
                        .setParameter("ids", conversationIds),
                Waiting.class);
        for (Waiting row : rows) {
            since.put(row.conversationId(), row.since());
        }
        return since;
    }

    static Instant dueAt(ConversationStatus status, ResponseTarget target, BusinessHours hours, Instant waitingSince) {
        if (status != ConversationStatus.OPEN || waitingSince == null) {
            return null;
        }
        return target.dueAt(waitingSince, hours);
    }

    private record Waiting(String conversationId, Instant since) {}
}
