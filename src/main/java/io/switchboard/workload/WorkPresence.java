package io.switchboard.workload;

import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.db.NativeRows;
import io.switchboard.inbox.ConversationPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Who works on a conversation now: open sessions whose last heartbeat is within the idle timeout. */
@ApplicationScoped
public class WorkPresence implements ConversationPresence {

    private final EntityManager em;
    private final Clock clock;
    private final Duration idleTimeout;

    public WorkPresence(EntityManager em, Clock clock, SwitchboardConfig config) {
        this.em = em;
        this.clock = clock;
        this.idleTimeout = config.workload().idleTimeout();
    }

    @Override
    public List<WorkingNow> workingNow(String tenantId, String conversationId) {
        return workingAt(tenantId, conversationId, clock.instant());
    }

    /** Read natively with the tenant explicit: an entity query is translated anew per call under the tenant id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WorkingNow> workingAt(String tenantId, String conversationId, Instant now) {
        return NativeRows.list(
                em.createNativeQuery("SELECT s.operator_id, COALESCE(o.name, o.username) AS name, s.started_at AS since"
                                + " FROM work_session s JOIN operator o ON o.id = s.operator_id"
                                + " WHERE s.conversation_id = :conversation AND s.tenant_id = :tenant"
                                + " AND o.tenant_id = :tenant AND s.ended_at IS NULL AND s.last_heartbeat_at >= :since"
                                + " ORDER BY s.started_at, s.operator_id")
                        .setParameter("conversation", conversationId)
                        .setParameter("tenant", tenantId)
                        .setParameter("since", now.minus(idleTimeout)),
                WorkingNow.class);
    }
}
