package io.switchboard.assignment;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where a channel's conversations go. A channel without a row routes to no team and does not auto-assign. */
@Entity
@Table(name = "channel_routing")
public class ChannelRouting extends TenantOwnedEntity {

    @Id
    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "team_id")
    public String teamId;

    @Enumerated(EnumType.STRING)
    @Column(name = "auto_assignment", nullable = false)
    public AutoAssignment autoAssignment = AutoAssignment.OFF;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
