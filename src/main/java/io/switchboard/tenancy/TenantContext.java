package io.switchboard.tenancy;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The tenant the current unit of work acts for: set from the verified token on API requests, from the
 * channel on webhooks, and explicitly by background jobs (which activate a request context of their own).
 */
@RequestScoped
public class TenantContext {

    private String tenantId;

    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    public String require() {
        if (tenantId == null) {
            throw new IllegalStateException("No tenant is set for this unit of work");
        }
        return tenantId;
    }

    public void set(String tenantId) {
        if (this.tenantId != null && !this.tenantId.equals(tenantId)) {
            throw new IllegalStateException("The tenant of a unit of work cannot change");
        }
        this.tenantId = tenantId;
    }
}
