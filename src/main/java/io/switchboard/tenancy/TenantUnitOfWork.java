package io.switchboard.tenancy;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs background work as one tenant: in a request context of its own with {@link TenantContext} set, so entity
 * queries see that tenant's rows only and inserts are stamped with it. A caller's own request context, if any, is
 * set aside meanwhile and restored afterwards (a sweep goes through many tenants; a tenant cannot change within one
 * unit of work).
 */
@ApplicationScoped
public class TenantUnitOfWork {

    private final TenantContext tenant;

    public TenantUnitOfWork(TenantContext tenant) {
        this.tenant = tenant;
    }

    public <T> T call(String tenantId, Supplier<T> work) {
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState callers = requestContext.isActive() ? requestContext.getState() : null;
        if (callers != null) {
            requestContext.deactivate();
        }
        requestContext.activate();
        try {
            tenant.set(tenantId);
            return work.get();
        } finally {
            requestContext.terminate();
            if (callers != null) {
                requestContext.activate(callers);
            }
        }
    }
}
