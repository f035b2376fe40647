package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A post as the API shows it, with how its latest publication went. */
@Schema(name = "Post")
public record PostView(
        String id,
        PostStatus status,
        String authorId,
        String text,

        @Schema(
                description = "A/B variants of the text (A, B, …; GET /api/v1/posts/{id}/experiment compares them);"
                        + " empty without")
        List<VariantView> variants,

        String subject,
        List<PostRequest.Medium> media,
        List<TargetView> targets,
        AudienceView audience,
        Instant scheduledAt,
        String timeZone,
        PostRequest.Recurrence recurrence,

        @Schema(description = "The next occurrence planned; null when none is")
        Instant nextRunAt,

        Instant submittedAt,
        String approvedBy,
        Instant approvedAt,

        @Schema(
                description = "The latest time a manager sent the post back to its author, with the comment; kept"
                        + " after the post is submitted again; null when it never was")
        SentBackView sentBack,

        @Schema(description = "The latest occurrences that went out (or were missed), newest first")
        List<PublicationView> publications,

        int version,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * A target, with the outcome of its latest publication: status of its delivery (QUEUED, SENDING, SENT,
     * FAILED…), the provider's id of the post and its latest metrics.
     */
    @Schema(name = "PostTargetOutcome")
    public record TargetView(
            String channelId,
            ChannelKind kind,
            String text,
            String status,
            String providerId,
            String error,
            Instant sentAt,

            @Schema(description = "What the post got at its latest metrics fetch (fetchedAt); null before the first")
            PostMetricsView metrics) {}

    /** One version of the text of an A/B test, by its name. */
    @Schema(name = "PostVariantView")
    public record VariantView(
            @Schema(example = "A") String name,

            @Schema(example = "Winter sale: 20% off everything until Sunday")
            String text) {}

    /** The broadcast, with how many recipients its latest publication reached. */
    @Schema(name = "PostAudienceOutcome")
    public record AudienceView(
            String channelId,
            ChannelKind kind,
            String label,
            String text,

            @Schema(description = "Recipients of the latest publication")
            int recipients,

            int pending,
            int sent,
            int delivered,
            int failed) {}

    /** A manager's comment on sending a pending post back to its author. */
    @Schema(name = "PostSentBack")
    public record SentBackView(String comment, String by, Instant at) {}

    /** One occurrence that went out. */
    @Schema(name = "Publication")
    public record PublicationView(
            String id,
            Instant occurrenceAt,
            Instant firedAt,
            PostStatus status,
            int recipients,
            Instant finishedAt,

            @Schema(description = "Why nothing of this occurrence went out (a broadcast over the day's cap)")
            String failureReason) {}
}
