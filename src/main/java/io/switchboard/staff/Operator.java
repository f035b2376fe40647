package io.switchboard.staff;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A person who works the inbox. Provisioned from their token on their first request. */
@Entity
@Table(name = "operator")
public class Operator extends TenantOwnedEntity {

    @Id
    public String id;

    /** The identity provider's stable id for the person ({@code sub}). */
    @Column(nullable = false, updatable = false)
    public String subject;

    public String username;

    public String name;

    public String email;

    /** Effective roles, comma separated, strongest first. */
    @Column(nullable = false)
    public String roles;

    /** Whether they take work now; every change is a period in {@code operator_availability}. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Availability availability = Availability.OFFLINE;

    /** Since when {@link #availability} holds; null while they never changed it (OFFLINE since created). */
    @Column(name = "availability_since")
    public Instant availabilitySince;

    /**
     * When they last had a live stream open on some replica (refreshed by {@link StreamPresence}, never written
     * through the entity); null while they never streamed.
     */
    @Column(name = "stream_seen_at", insertable = false, updatable = false)
    public Instant streamSeenAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> roleList() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }
}
