package io.switchboard.staff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.Ids;
import io.switchboard.tenancy.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;

/**
 * Creates (or refreshes) the tenant and the operator a token speaks for. The work is an idempotent upsert, so
 * concurrent first requests on several replicas are safe; a cache keyed by the whole profile keeps the
 * steady state free of writes.
 */
@ApplicationScoped
public class OperatorProvisioner {

    private final EntityManager em;
    private final TenantService tenants;
    private final Clock clock;
    private final Cache<CallerProfile, String> provisioned = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    public OperatorProvisioner(EntityManager em, TenantService tenants, Clock clock) {
        this.em = em;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Returns the operator id for this profile. The tenant context must already be set. */
    public String provision(CallerProfile profile) {
        String id = provisioned.getIfPresent(profile);
        if (id == null) {
            id = upsert(profile);
            provisioned.put(profile, id);
        }
        return id;
    }

    @Transactional
    String upsert(CallerProfile profile) {
        tenants.ensureExists(profile.tenantId());
        var now = clock.instant();
        em.createNativeQuery("""
                        INSERT INTO operator (id, tenant_id, subject, username, name, email, roles, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
                        ON DUPLICATE KEY UPDATE username = VALUES(username), name = VALUES(name),
                            email = VALUES(email), roles = VALUES(roles), updated_at = VALUES(updated_at)
                        """)
                .setParameter(1, Ids.newId())
                .setParameter(2, profile.tenantId())
                .setParameter(3, profile.subject())
                .setParameter(4, profile.username())
                .setParameter(5, profile.name())
                .setParameter(6, profile.email())
                .setParameter(7, profile.rolesColumn())
                .setParameter(8, now)
                .executeUpdate();
        return (String) em.createNativeQuery("SELECT id FROM operator WHERE tenant_id = ?1 AND subject = ?2")
                .setParameter(1, profile.tenantId())
                .setParameter(2, profile.subject())
                .getSingleResult();
    }
}
