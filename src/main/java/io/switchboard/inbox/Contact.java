package io.switchboard.inbox;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person or organisation the tenant talks to, known on one or more channels. */
@Entity
@Table(name = "contact")
public class Contact extends TenantOwnedEntity {

    @Id
    public String id;

    public String name;

    public String email;

    public String phone;

    /** Set when this contact was merged into another; the row stays so old references resolve. */
    @Column(name = "merged_into_id")
    public String mergedIntoId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
