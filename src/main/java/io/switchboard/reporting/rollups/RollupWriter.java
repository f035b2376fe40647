package io.switchboard.reporting.rollups;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import org.hibernate.Session;

/**
 * {@link RollupJdbc} on the connection of the current JPA transaction: the services that write facts through
 * JPA or native queries keep the rollups in the same transaction.
 */
@ApplicationScoped
public class RollupWriter {

    private final EntityManager em;

    public RollupWriter(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void sessions(Collection<SessionFacts.Change> changes) {
        if (!changes.isEmpty()) {
            em.unwrap(Session.class).doWork(c -> RollupJdbc.sessions(c, changes));
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void counts(Collection<MessageCount> counts) {
        if (!counts.isEmpty()) {
            em.unwrap(Session.class).doWork(c -> RollupJdbc.counts(c, counts));
        }
    }

    /** Recomputes the tenant's rollups from the raw rows, in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rebuild(String tenantId) {
        em.flush();
        em.unwrap(Session.class).doWork(c -> RollupJdbc.rebuild(c, tenantId));
    }
}
