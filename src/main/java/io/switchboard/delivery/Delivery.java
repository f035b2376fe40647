package io.switchboard.delivery;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The outbox row of one outbound message: a reply, or one item of a publication (a page post, or one message of a
 * broadcast). The API side reads and changes it as an entity; the dispatcher works on
 * it with native SQL across tenants (see {@link DeliveryAttempts}).
 */
@Entity
@Table(name = "delivery")
public class Delivery extends TenantOwnedEntity {

    @Id
    public String id;

    /** The reply this delivery sends; null for a publication's delivery. */
    @Column(name = "message_id", updatable = false)
    public String messageId;

    @Column(name = "conversation_id", updatable = false)
    public String conversationId;

    /** The publication (post occurrence) this delivery is part of; null for a reply. */
    @Column(name = "publication_id", updatable = false)
    public String publicationId;

    @Column(name = "publication_item_id", updatable = false)
    public String publicationItemId;

    /** A broadcast's recipient: the contact and the address (phone number, email address) it goes to. */
    @Column(name = "recipient_contact_id", updatable = false)
    public String recipientContactId;

    @Column(name = "recipient_address", updatable = false)
    public String recipientAddress;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    @Column(nullable = false)
    public int attempts;

    /** The send-later time asked for; null for a reply sent at once. */
    @Column(name = "send_at")
    public Instant sendAt;

    /** When the dispatcher must next act (send time, retry time, lease expiry); null once final. */
    @Column(name = "due_at")
    public Instant dueAt;

    /** Names the claim of the dispatcher sending it, so a dispatcher whose lease ran out cannot record over another's. */
    @Column(name = "claim_token")
    public String claimToken;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
