package io.switchboard.staff;

import io.switchboard.common.Money;
import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of an operator's hourly-cost history. Never updated. */
@Entity
@Table(name = "operator_rate")
public class OperatorRate extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "operator_id", nullable = false, updatable = false)
    public String operatorId;

    @Column(name = "effective_from", nullable = false, updatable = false)
    public Instant effectiveFrom;

    @Column(name = "amount_minor", nullable = false, updatable = false)
    public long amountMinor;

    @Column(nullable = false, updatable = false)
    public String currency;

    @Column(name = "set_by_operator_id", updatable = false)
    public String setByOperatorId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public Money hourlyCost() {
        return new Money(amountMinor, currency);
    }
}
