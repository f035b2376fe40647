package io.switchboard.staff;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A group of operators that channels route their conversations to. Members are rows of {@code team_member}. */
@Entity
@Table(name = "team")
public class Team extends TenantOwnedEntity {

    @Id
    public String id;

    /** Unique in the tenant (case-insensitively). */
    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
