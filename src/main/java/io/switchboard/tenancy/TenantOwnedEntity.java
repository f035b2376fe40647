package io.switchboard.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.TenantId;

/**
 * Base of every tenant-owned row. Hibernate fills {@code tenantId} from the current tenant on insert and adds
 * it to every entity query, so a query cannot read or change another tenant's rows.
 */
@MappedSuperclass
public abstract class TenantOwnedEntity extends PanacheEntityBase {

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
}
