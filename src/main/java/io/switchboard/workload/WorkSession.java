package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Money;
import io.switchboard.reporting.rollups.SessionFacts;
import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * One stretch of work of one operator: live (from heartbeats; open while {@code endedAt} is null) or logged by
 * hand. {@code durationSeconds} always counts up to the end, or for an open session up to its last heartbeat.
 */
@Entity
@Table(name = "work_session")
public class WorkSession extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "operator_id", nullable = false, updatable = false)
    public String operatorId;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "channel_id")
    public String channelId;

    /** The post the work was for (composing, approving): its cost goes to the post's channels. */
    @Column(name = "post_id")
    public String postId;

    /** The post while a session on it is open, else null: one open session per operator and post. */
    @Column(name = "open_post_id")
    public String openPostId;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel_kind", nullable = false)
    public ChannelKind channelKind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public WorkSource source;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** The conversation while the session is open, else null: one open session per operator and conversation. */
    @Column(name = "open_conversation_id")
    public String openConversationId;

    @Column(name = "duration_seconds", nullable = false)
    public int durationSeconds;

    @Column(name = "hourly_cost_minor")
    public Long hourlyCostMinor;

    @Column(name = "hourly_cost_currency")
    public String hourlyCostCurrency;

    public String note;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    boolean isOpen() {
        return endedAt == null;
    }

    /** Whether an open session went without a heartbeat for longer than {@code idleTimeout} before {@code now}. */
    boolean isIdleAt(Instant now, Duration idleTimeout) {
        return lastHeartbeatAt.plus(idleTimeout).isBefore(now);
    }

    /** Extends an open session to {@code now} (never backwards: heartbeats from several replicas may cross). */
    void heartbeat(Instant now) {
        if (now.isAfter(lastHeartbeatAt)) {
            lastHeartbeatAt = now;
            durationSeconds = seconds(startedAt, now);
        }
    }

    /**
     * Ends an open session at {@code at}, or at its last heartbeat when it had gone idle by then: the operator's
     * time counts only while their client kept saying they worked.
     */
    void end(Instant at, Duration idleTimeout) {
        Instant end = isIdleAt(at, idleTimeout) || at.isBefore(lastHeartbeatAt) ? lastHeartbeatAt : at;
        endedAt = end;
        openConversationId = null;
        openPostId = null;
        durationSeconds = seconds(startedAt, end);
    }

    /** What the report rollups count of this session. */
    SessionFacts facts() {
        return new SessionFacts(
                tenantId,
                conversationId,
                channelId,
                channelKind.name(),
                startedAt,
                endedAt,
                durationSeconds,
                hourlyCostMinor,
                hourlyCostCurrency);
    }

    Money hourlyCost() {
        return hourlyCostMinor == null ? null : new Money(hourlyCostMinor, hourlyCostCurrency);
    }

    void snapshot(Money cost) {
        hourlyCostMinor = cost == null ? null : cost.amountMinor();
        hourlyCostCurrency = cost == null ? null : cost.currency();
    }

    /** Whole seconds from {@code from} to {@code to}. */
    static int seconds(Instant from, Instant to) {
        return Math.toIntExact(Duration.between(from, to).getSeconds());
    }
}
