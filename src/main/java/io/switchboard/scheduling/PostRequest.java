package io.switchboard.scheduling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A post as an author writes it: {@code POST /api/v1/posts} takes it whole; {@code PATCH} takes the fields to change
 * (absent or null fields stay as they are; {@code targets} and {@code media}, when given, replace the lists, so
 * {@code []} empties them). A PATCH cannot remove an audience or a recurrence: write a new post instead.
 */
@Schema(name = "PostRequest")
public record PostRequest(
        @Schema(description = "What to publish; each target may have a text of its own") @Size(max = 63_206)
        String text,

        @Schema(
                description = "2 to 4 versions of the text to compare (A/B test), replacing `text` on every"
                        + " target and in the broadcast: a broadcast's audience is split at random into"
                        + " equal groups, one per variant; each page/X target publishes every variant as a"
                        + " post of its own. Targets and the audience then take no text of their own. On a"
                        + " PATCH, `[]` removes the variants.")
        @Size(max = 4)
        List<@Valid @NotNull Variant> variants,

        @Schema(description = "Subject line of email broadcasts") @Size(max = 998)
        String subject,

        @Schema(description = "Files the post carries or links to") @Size(max = 10)
        List<@Valid @NotNull Medium> media,

        @Schema(description = "Pages and accounts to publish on (FACEBOOK, X)") @Size(max = 50)
        List<@Valid @NotNull Target> targets,

        @Schema(
                description =
                        "A broadcast: one message to every contact carrying a label, through an SMS or EMAIL channel")
        @Valid
        Audience audience,

        @Schema(description = "When the post (its first occurrence) goes out")
        Instant scheduledAt,

        @Schema(description = "IANA time zone the post's times and recurrence are meant in", example = "Europe/Berlin")
        @Size(max = 64)
        String timeZone,

        @Valid Recurrence recurrence) {

    /** A page or account to publish on, optionally with a text of its own. */
    @Schema(name = "PostTarget")
    public record Target(
            @NotBlank @Size(max = 36) String channelId,

            @Schema(description = "This target's text instead of the post's") @Size(max = 63_206)
            String text) {}

    /**
     * Every contact carrying {@code label} reachable on the (SMS or EMAIL) channel: at its identity there, or at
     * its profile's phone number or email address.
     */
    @Schema(name = "PostAudience")
    public record Audience(
            @NotBlank @Size(max = 36) String channelId,
            @NotBlank @Size(max = 64) String label,

            @Schema(description = "The broadcast's text instead of the post's") @Size(max = 20_000)
            String text) {}

    /** One version of the text of an A/B test. */
    @Schema(name = "PostVariant")
    public record Variant(
            @Schema(example = "Winter sale: 20% off everything until Sunday") @NotBlank @Size(max = 63_206)
            String text) {}

    /** A file by URL. */
    @Schema(name = "PostMedium")
    public record Medium(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url,

            @Size(max = 255) String contentType,
            @Size(max = 255) String name) {}

    /**
     * Repeats the post: {@code cron} (Unix five fields such as {@code "0 9 * * MON-FRI"}, or Quartz's six or seven)
     * or {@code everyDays}, on the wall clock of the post's time zone, until {@code until} (inclusive) if given.
     */
    @Schema(name = "PostRecurrence")
    public record Recurrence(
            @Size(max = 200) String cron,

            @Schema(description = "Every N days at scheduledAt's local time")
            Integer everyDays,

            Instant until) {}
}
