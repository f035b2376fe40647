package io.switchboard.inbox;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a conversation's append-only history. */
@Entity
@Table(name = "conversation_event")
public class ConversationEvent extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public String conversationId;

    @Column(nullable = false, updatable = false)
    public String type;

    @Column(name = "actor_operator_id", updatable = false)
    public String actorOperatorId;

    /** JSON object with the details of the event. */
    @Column(updatable = false)
    public String data;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
