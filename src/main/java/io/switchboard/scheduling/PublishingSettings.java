package io.switchboard.scheduling;

import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The current tenant's publishing settings: whether posts need a manager's approval before they are scheduled. */
@ApplicationScoped
class PublishingSettings {

    private final TenantService tenants;
    private final TenantContext tenant;

    PublishingSettings(TenantService tenants, TenantContext tenant) {
        this.tenants = tenants;
        this.tenant = tenant;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean approvalRequired() {
        return tenants.postApprovalRequired(tenant.require());
    }

    @Transactional
    void approvalRequired(boolean required) {
        tenants.setPostApprovalRequired(tenant.require(), required);
    }
}
