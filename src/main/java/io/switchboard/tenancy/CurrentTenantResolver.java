package io.switchboard.tenancy;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells Hibernate which tenant a session belongs to. Outside any tenant it answers a value no row carries,
 * so a forgotten context reads nothing instead of everything.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class CurrentTenantResolver implements TenantResolver {

    /** Never a valid tenant id (those are lower-case slugs), so it matches no row. */
    static final String NO_TENANT = "#none";

    private final TenantContext context;

    public CurrentTenantResolver(TenantContext context) {
        this.context = context;
    }

    @Override
    public String getDefaultTenantId() {
        return NO_TENANT;
    }

    @Override
    public String resolveTenantId() {
        if (!Arc.container().requestContext().isActive()) {
            return NO_TENANT;
        }
        return context.tenantId().orElse(NO_TENANT);
    }
}
