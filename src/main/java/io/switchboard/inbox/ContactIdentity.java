package io.switchboard.inbox;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How a contact is known on one channel; it is how the same person is recognised again. */
@Entity
@Table(name = "contact_identity")
public class ContactIdentity extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "contact_id", nullable = false)
    public String contactId;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public IdentityKind kind;

    @Column(name = "external_id", nullable = false, updatable = false)
    public String externalId;

    /** What a person would recognise: a phone number, an address, an @handle. */
    public String handle;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
