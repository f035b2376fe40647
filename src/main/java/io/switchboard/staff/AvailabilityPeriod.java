package io.switchboard.staff;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An operator's availability from {@code startedAt} until {@code endedAt} (null: still now). */
@Entity
@Table(name = "operator_availability")
public class AvailabilityPeriod extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "operator_id", nullable = false, updatable = false)
    public String operatorId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Availability availability;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
