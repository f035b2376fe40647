package io.switchboard.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer organisation. Its id is the {@code tenant} claim of its users' tokens. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    /** IANA zone that decides where a tenant's days begin in reports. */
    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    /** The weekly opening hours as JSON ({@link WeeklyHours}); null: always open. */
    @Column(name = "business_hours")
    public String businessHours;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
