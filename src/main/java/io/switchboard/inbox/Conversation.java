package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.annotations.Formula;

@Entity
@Table(name = "conversation")
public class Conversation extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    @Formula("(select c.kind from channel c where c.id = channel_id)")
    @Enumerated(EnumType.STRING)
    public ChannelKind channelKind;

    @Column(name = "contact_id", nullable = false)
    public String contactId;

    @Column(name = "thread_key", nullable = false, updatable = false)
    public String threadKey;

    @Column(name = "public_thread", nullable = false)
    public boolean publicThread;

    public String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConversationStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Priority priority;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    @Column(name = "assignee_id")
    public String assigneeId;

    @Column(name = "team_id")
    public String teamId;

    /** When it last started waiting for an operator (reopened, handed back); null: since it was created. */
    @Column(name = "waiting_since")
    public Instant waitingSince;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    @Column(name = "last_inbound_at")
    public Instant lastInboundAt;

    @Column(name = "last_message_preview")
    public String lastMessagePreview;

    @Column(name = "unread_count", nullable = false)
    public int unreadCount;

    @ElementCollection
    @CollectionTable(name = "conversation_label", joinColumns = @JoinColumn(name = "conversation_id"))
    @Column(name = "label")
    public Set<String> labels = new LinkedHashSet<>();

    /** Optimistic lock and ETag: every change increments it. */
    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
