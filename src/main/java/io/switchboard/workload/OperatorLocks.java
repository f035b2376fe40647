package io.switchboard.workload;

import jakarta.persistence.EntityManager;

/**
 * Locks on an operator's row, taken before a work session gets its cost snapshot. Rate changes lock the row
 * exclusively and re-snapshot the operator's sessions in the same transaction, so a snapshot is either taken
 * after a rate change committed, or is seen (and corrected) by it.
 */
final class OperatorLocks {

    private OperatorLocks() {}

    /**
     * Exclusive: also serialises the operator's own heartbeats, which look for their open session and insert it
     * under a unique key; run side by side, two of them deadlock on that key's locks.
     */
    static void exclusive(EntityManager em, String operatorId) {
        em.createNativeQuery("SELECT id FROM operator WHERE id = ?1 FOR UPDATE")
                .setParameter(1, operatorId)
                .getResultList();
    }

    static void shared(EntityManager em, String operatorId) {
        em.createNativeQuery("SELECT id FROM operator WHERE id = ?1 LOCK IN SHARE MODE")
                .setParameter(1, operatorId)
                .getResultList();
    }
}
