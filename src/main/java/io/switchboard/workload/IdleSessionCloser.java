package io.switchboard.workload;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.inbox.ConversationWorkEvents;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.reporting.rollups.SessionFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Ends the sessions of operators who stopped sending heartbeats (closed tab, lost network), at their last
 * heartbeat, in every tenant. Every replica runs it; each claims its rows with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas share the work and a session is ended once. A heartbeat or stop that comes first wins the same way.
 */
@ApplicationScoped
public class IdleSessionCloser {

    private static final Logger LOG = Logger.getLogger(IdleSessionCloser.class);
    private static final int BATCH = 200;

    private final EntityManager em;
    private final Clock clock;
    private final ConversationWorkEvents history;
    private final Duration idleTimeout;
    private final RollupWriter rollups;

    public IdleSessionCloser(
            EntityManager em,
            Clock clock,
            ConversationWorkEvents history,
            SwitchboardConfig config,
            RollupWriter rollups) {
        this.em = em;
        this.rollups = rollups;
        this.clock = clock;
        this.history = history;
        this.idleTimeout = config.workload().idleTimeout();
    }

    @Scheduled(
            identity = "workload-close-idle-sessions",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.workload.close-idle-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        int closed = closeIdle(clock.instant());
        if (closed > 0) {
            LOG.debugf("Ended %d idle work sessions", closed);
        }
    }

    /** Ends every open session idle at {@code now}, one short transaction per batch; returns how many. */
    @ActivateRequestContext
    public int closeIdle(Instant now) {
        int total = 0;
        while (true) {
            int closed = QuarkusTransaction.requiringNew().call(() -> closeBatch(now));
            total += closed;
            if (closed < BATCH) {
                return total;
            }
        }
    }

    private record IdleSession(
            String id,
            String tenantId,
            String conversationId,
            String operatorId,
            Instant lastHeartbeatAt,
            SessionFacts ended) {}

    private int closeBatch(Instant now) {
        // Native SQL across tenants on purpose: tenant ids come from the rows. The limit is inlined because
        // MariaDB wants it before FOR UPDATE.
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT id, tenant_id, conversation_id, operator_id, last_heartbeat_at, channel_id,"
                                + " channel_kind, started_at, duration_seconds, hourly_cost_minor, hourly_cost_currency"
                                + " FROM work_session WHERE ended_at IS NULL AND last_heartbeat_at < :cutoff"
                                + " ORDER BY last_heartbeat_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        List<IdleSession> idle = query
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("tenant_id", StandardBasicTypes.STRING)
                .addScalar("conversation_id", StandardBasicTypes.STRING)
                .addScalar("operator_id", StandardBasicTypes.STRING)
                .addScalar("last_heartbeat_at", StandardBasicTypes.INSTANT)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("channel_kind", StandardBasicTypes.STRING)
                .addScalar("started_at", StandardBasicTypes.INSTANT)
                .addScalar("duration_seconds", StandardBasicTypes.INTEGER)
                .addScalar("hourly_cost_minor", StandardBasicTypes.LONG)
                .addScalar("hourly_cost_currency", StandardBasicTypes.STRING)
                .setParameter("cutoff", now.minus(idleTimeout))
                .getResultList()
                .stream()
                .map(t -> new IdleSession(
                        t.get("id", String.class),
                        t.get("tenant_id", String.class),
                        t.get("conversation_id", String.class),
                        t.get("operator_id", String.class),
                        t.get("last_heartbeat_at", Instant.class),
                        // As the UPDATE below leaves it: ended at its last heartbeat.
                        new SessionFacts(
                                t.get("tenant_id", String.class),
                                t.get("conversation_id", String.class),
                                t.get("channel_id", String.class),
                                t.get("channel_kind", String.class),
                                t.get("started_at", Instant.class),
                                t.get("last_heartbeat_at", Instant.class),
                                t.get("duration_seconds", Integer.class),
                                t.get("hourly_cost_minor", Long.class),
                                t.get("hourly_cost_currency", String.class))))
                .toList();
        idle = notBeingChanged(idle);
        if (idle.isEmpty()) {
            return 0;
        }
        // duration_seconds already counts up to the last heartbeat.
        em.createNativeQuery(
                        "UPDATE work_session SET ended_at = last_heartbeat_at, open_conversation_id = NULL, open_post_id = NULL"
                                + " WHERE id IN (:ids)")
                .setParameter("ids", idle.stream().map(IdleSession::id).toList())
                .executeUpdate();
        rollups.sessions(
                idle.stream().map(s -> new SessionFacts.Change(null, s.ended())).toList());
        for (IdleSession session : idle) {
            if (session.conversationId() == null) {
                continue; // work on a post: no conversation history to write
            }
            history.ended(
                    session.tenantId(),
                    session.conversationId(),
                    session.operatorId(),
                    session.id(),
                    "idle",
                    session.lastHeartbeatAt());
        }
        return idle.size();
    }

    /**
     * The sessions whose conversation this transaction could lock shared (or that are on no conversation), the
     * conversations locked until it ends: their history's insert then waits for nothing. One that a resolve, a reply
     * or another change holds is skipped — a resolve ends its sessions itself, and the next run closes the others —
     * instead of waiting for it while holding the session the resolve wants next (a deadlock).
     */
    private List<IdleSession> notBeingChanged(List<IdleSession> idle) {
        List<String> conversations = idle.stream()
                .map(IdleSession::conversationId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
        if (conversations.isEmpty()) {
            return idle;
        }
        Set<String> locked = Set.copyOf(em.createNativeQuery(
                        "SELECT id FROM conversation WHERE id IN (:ids) ORDER BY id LOCK IN SHARE MODE SKIP LOCKED",
                        String.class)
                .setParameter("ids", conversations)
                .getResultList());
        return idle.stream()
                .filter(s -> s.conversationId() == null || locked.contains(s.conversationId()))
                .toList();
    }
}
