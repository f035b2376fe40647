package io.switchboard.scheduling;

import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The current tenant's publishing settings: whether posts need a manager's approval before they are scheduled. */
@ApplicationScoped
class PublishingSettings {

    private final EntityManager em;
    private final TenantContext tenant;

    PublishingSettings(EntityManager em, TenantContext tenant) {
        this.em = em;
        this.tenant = tenant;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean approvalRequired() {
        Object required = em.createNativeQuery("SELECT post_approval_required FROM tenant WHERE id = ?1")
                .setParameter(1, tenant.require())
                .getSingleResult();
        return required instanceof Boolean b ? b : ((Number) required).intValue() != 0;
    }

    @Transactional
    void approvalRequired(boolean required) {
        em.createNativeQuery("UPDATE tenant SET post_approval_required = ?1 WHERE id = ?2")
                .setParameter(1, required)
                .setParameter(2, tenant.require())
                .executeUpdate();
    }
}
