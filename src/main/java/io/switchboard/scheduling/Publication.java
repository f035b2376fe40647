package io.switchboard.scheduling;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One occurrence of a post going out (see V13__posts.sql). */
@Entity
@Table(name = "publication")
public class Publication extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "post_id", nullable = false, updatable = false)
    public String postId;

    @Column(name = "occurrence_at", nullable = false, updatable = false)
    public Instant occurrenceAt;

    @Column(name = "fired_at", nullable = false, updatable = false)
    public Instant firedAt;

    /** PUBLISHING, then PUBLISHED, PARTIALLY_FAILED or FAILED; MISSED when it fired too late. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PostStatus status;

    /** How many deliveries it made: one per page/account, one per broadcast recipient. */
    @Column(nullable = false)
    public int recipients;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Why the occurrence did not go out at all (over the day's cap of its broadcast's kind); null otherwise. */
    @Column(name = "failure_reason")
    public String failureReason;
}
