package io.switchboard.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

@ApplicationScoped
public class TenantService {

    /** Tenant ids are slugs: they appear in tokens, logs and URLs. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final EntityManager em;
    private final Clock clock;

    public TenantService(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public static boolean isValidId(String tenantId) {
        return tenantId != null && TENANT_ID.matcher(tenantId).matches();
    }

    /** Creates the tenant on its first request; a concurrent first request of the same tenant is harmless. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensureExists(String tenantId) {
        em.createNativeQuery("INSERT IGNORE INTO tenant (id, name, time_zone, created_at) VALUES (?1, ?1, 'UTC', ?2)")
                .setParameter(1, tenantId)
                .setParameter(2, clock.instant())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(em.find(Tenant.class, tenantId));
    }
}
