package io.switchboard.workload;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A channel of a post whose own text the operator edited during a work session: the session's time goes to those
 * channels only. Written by {@link PublishingTimeRecorder}; mapped so that the work-session list can select by it.
 */
@Entity
@Table(name = "work_session_post_edit")
@IdClass(WorkSessionPostEdit.Key.class)
public class WorkSessionPostEdit extends TenantOwnedEntity {

    @Id
    @Column(name = "work_session_id")
    public String workSessionId;

    @Id
    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "edited_at", nullable = false)
    public Instant editedAt;

    /** The primary key: one row per session and channel. */
    public record Key(String workSessionId, String channelId) implements Serializable {}
}
