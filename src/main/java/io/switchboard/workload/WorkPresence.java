package io.switchboard.workload;

import io.switchboard.common.SwitchboardConfig;
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
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WorkingNow> workingNow(String conversationId) {
        return workingAt(conversationId, clock.instant());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WorkingNow> workingAt(String conversationId, Instant now) {
        return em.createQuery(
                        "select s.operatorId, coalesce(o.name, o.username), s.startedAt from WorkSession s, Operator o"
                                + " where o.id = s.operatorId and s.conversationId = :conversation"
                                + " and s.endedAt is null and s.lastHeartbeatAt >= :since"
                                + " order by s.startedAt, s.operatorId",
                        WorkingNow.class)
                .setParameter("conversation", conversationId)
                .setParameter("since", now.minus(idleTimeout))
                .getResultList();
    }
}
