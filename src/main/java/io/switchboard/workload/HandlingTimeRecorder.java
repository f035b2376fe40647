package io.switchboard.workload;

import io.switchboard.common.Ids;
import io.switchboard.common.Money;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.db.RetryOnLockConflict;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.inbox.ConversationStatus;
import io.switchboard.inbox.ConversationStatusChanged;
import io.switchboard.inbox.ConversationWorkEvents;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.reporting.rollups.SessionFacts;
import io.switchboard.staff.OperatorRates;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.workload.WorkedConversations.WorkedConversation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Live handling time: turns the SPA's heartbeats into work sessions. Consecutive heartbeats of one operator on
 * one conversation extend one session; after a gap longer than the idle timeout the session counts as ended at
 * its last heartbeat and the next heartbeat starts a new one. Stopping, or resolving the conversation, ends it.
 *
 * <p>Times are parameters, so that callers (and tests) decide what "now" is.
 */
@ApplicationScoped
public class HandlingTimeRecorder {

    private final EntityManager em;
    private final TenantContext tenant;
    private final WorkedConversations conversations;
    private final OperatorRates rates;
    private final ConversationWorkEvents history;
    private final Duration idleTimeout;
    private final RollupWriter rollups;

    public HandlingTimeRecorder(
            EntityManager em,
            TenantContext tenant,
            WorkedConversations conversations,
            OperatorRates rates,
            ConversationWorkEvents history,
            SwitchboardConfig config,
            RollupWriter rollups) {
        this.em = em;
        this.rollups = rollups;
        this.tenant = tenant;
        this.conversations = conversations;
        this.rates = rates;
        this.history = history;
        this.idleTimeout = config.workload().idleTimeout();
    }

    /**
     * Records that the operator works on the conversation at {@code now}; returns their current session. A
     * resolved conversation takes no heartbeats (409): nobody is waiting, and the SPA should stop its clock.
     */
    @RetryOnLockConflict
    @Transactional
    public WorkSessionView heartbeat(String conversationId, String operatorId, Instant now) {
        WorkedConversation conversation = conversations
                .lockShared(conversationId)
                .orElseThrow(() -> new ResourceNotFoundException("Conversation", conversationId));
        if (conversation.status() == ConversationStatus.RESOLVED) {
            throw new ConflictException(
                    "The conversation is resolved: work on it is not recorded; reopen it to work on it again");
        }
        // Serialises the operator's heartbeats with each other (one finds or opens the session, the next extends
        // it) and with changes of their rate history, so a session's cost snapshot is never taken from a rate
        // history about to change.
        OperatorLocks.exclusive(em, operatorId);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Optional<WorkSession> open = findOpen(operatorId, conversationId);
            if (open.isPresent()) {
                WorkSession session = open.get();
                if (!session.isIdleAt(now, idleTimeout)) {
                    session.heartbeat(now);
                    return WorkSessionView.of(session);
                }
                end(session, now, "idle");
                // The closed session must leave the open-session key before the new one takes it.
                em.flush();
            }
            String id = Ids.newId();
            if (insertOpen(id, conversation, operatorId, now) == 1) {
                history.started(tenant.require(), conversationId, operatorId, id, now);
                return WorkSessionView.of(em.find(WorkSession.class, id));
            }
            // A concurrent heartbeat of the same operator opened the session first: the next round extends it.
        }
        throw new ConflictException("Concurrent heartbeats for this conversation; retry");
    }

    /** Ends the operator's session on the conversation at {@code now}; empty when none was open. */
    @RetryOnLockConflict
    @Transactional
    public Optional<WorkSessionView> stop(String conversationId, String operatorId, Instant now) {
        // The conversation before its session, as a heartbeat and a resolve take them: a stop that took the session
        // first would wait for the conversation (its history's insert checks it) while a resolve that holds the
        // conversation waits for the session — with a heartbeat queued between them, a three-way deadlock.
        conversations
                .lockShared(conversationId)
                .orElseThrow(() -> new ResourceNotFoundException("Conversation", conversationId));
        return findOpen(operatorId, conversationId).map(session -> {
            end(session, now, "stop");
            return WorkSessionView.of(session);
        });
    }

    /** Resolving a conversation ends every session on it, in the resolving transaction. */
    void onStatusChanged(@Observes ConversationStatusChanged change) {
        if (change.to() != ConversationStatus.RESOLVED) {
            return;
        }
        List<WorkSession> open = WorkSession.<WorkSession>find(
                        "conversationId = ?1 and endedAt is null order by id", change.conversationId())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
        open.forEach(session -> end(session, change.at(), "resolved"));
    }

    private Optional<WorkSession> findOpen(String operatorId, String conversationId) {
        return WorkSession.<WorkSession>find(
                        "operatorId = ?1 and conversationId = ?2 and endedAt is null", operatorId, conversationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    private void end(WorkSession session, Instant at, String reason) {
        SessionFacts before = session.facts();
        session.end(at, idleTimeout);
        rollups.sessions(List.of(new SessionFacts.Change(before, session.facts())));
        history.ended(session.tenantId, session.conversationId, session.operatorId, session.id, reason, at);
    }

    /** Opens a session unless the operator has one open on the conversation already; returns rows inserted. */
    private int insertOpen(String id, WorkedConversation conversation, String operatorId, Instant now) {
        Money cost = rates.rateAt(operatorId, now).orElse(null);
        return em.createNativeQuery("INSERT IGNORE INTO work_session (id, tenant_id, operator_id, conversation_id,"
                        + " channel_id, channel_kind, source, started_at, last_heartbeat_at, duration_seconds,"
                        + " hourly_cost_minor, hourly_cost_currency, created_by, created_at, updated_by, updated_at,"
                        + " open_conversation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'LIVE', ?7, ?7, 0, ?8, ?9, ?3, ?7,"
                        + " ?3, ?7, ?4)")
                .setParameter(1, id)
                .setParameter(2, tenant.require())
                .setParameter(3, operatorId)
                .setParameter(4, conversation.id())
                .setParameter(5, conversation.channelId())
                .setParameter(6, conversation.kind().name())
                .setParameter(7, now)
                .setParameter(8, cost == null ? null : cost.amountMinor())
                .setParameter(9, cost == null ? null : cost.currency())
                .executeUpdate();
    }
}
