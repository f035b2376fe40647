package io.switchboard.scheduling;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A planned post or broadcast (see V13__posts.sql). */
@Entity
@Table(name = "post")
public class Post extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "author_id", nullable = false, updatable = false)
    public String authorId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PostStatus status;

    public String text;

    /** A/B variants of the text: a JSON array of 2 to 4 texts (A, B, C, D); null without. */
    public String variants;

    public String subject;

    /** JSON array of {url, contentType, name}. */
    public String media;

    @Column(name = "audience_channel_id")
    public String audienceChannelId;

    @Column(name = "audience_label")
    public String audienceLabel;

    @Column(name = "audience_text")
    public String audienceText;

    @Column(name = "scheduled_at", nullable = false)
    public Instant scheduledAt;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Column(name = "recurrence_cron")
    public String recurrenceCron;

    @Column(name = "recurrence_every_days")
    public Integer recurrenceEveryDays;

    @Column(name = "recurrence_until")
    public Instant recurrenceUntil;

    /** The occurrence the post's trigger is set for; null when none is planned. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    /** The latest comment of a manager who sent the post back to its author (it stays after resubmission). */
    @Column(name = "sent_back_comment")
    public String sentBackComment;

    @Column(name = "sent_back_by")
    public String sentBackBy;

    @Column(name = "sent_back_at")
    public Instant sentBackAt;

    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    Recurrence recurrence() {
        return Recurrence.of(scheduledAt, timeZone, recurrenceCron, recurrenceEveryDays, recurrenceUntil, "recurrence");
    }
}
