package io.switchboard.channel;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "channel")
public class Channel extends TenantOwnedEntity {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ChannelKind kind;

    @Column(nullable = false)
    public String name;

    /** Public and unguessable: it names the channel in webhook URLs. */
    @Column(name = "channel_key", nullable = false, updatable = false)
    public String key;

    /** The settings that are not secret, as a JSON object. */
    @Column(nullable = false)
    public String config;

    /** The secret settings, a JSON object encrypted by {@link SecretBox}; null when the kind has none. */
    public String secrets;

    @Column(nullable = false)
    public boolean enabled;

    /** The channel's own first-response target; null keeps its kind's (see {@link ResponseTarget}). */
    @Column(name = "first_response_target_seconds")
    public Integer firstResponseTargetSeconds;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
