package io.switchboard.inbox;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "message")
public class Message extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public String conversationId;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public MessageDirection direction;

    @Column(name = "author_operator_id", updatable = false)
    public String authorOperatorId;

    public String text;

    /** JSON array of attachment metadata ({@code url, contentType, name, size}). */
    public String attachments;

    /** The provider's id; unique per channel. */
    @Column(name = "external_id")
    public String externalId;

    @Column(name = "delivery_status")
    public String deliveryStatus;

    /** When it was sent, by the provider's clock where it tells. */
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;
}
