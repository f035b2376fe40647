package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Publishes one-to-many through one kind of channel: the publish capability of a channel kind. One CDI bean per
 * kind that can publish, in the kind's own package; {@link PostPublishers} finds it by kind. The scheduling
 * package asks it to validate a post when the post is written and again before it goes out; the delivery outbox
 * calls {@link #publish} once per delivery (one per page or account for a {@link Mode#FEED} post, one per
 * recipient for a {@link Mode#BROADCAST}).
 */
public interface PostPublisher {

    /** How the kind publishes one-to-many. */
    @Schema(name = "PublishingMode")
    enum Mode {
        /** One public post on the channel's own page or account (Meta page feed, X posts). */
        FEED,
        /** One private message to each contact of an audience (SMS, email). */
        BROADCAST
    }

    ChannelKind kind();

    Mode mode();

    /** How a length is counted against {@link Limits#maxLength()}. */
    @Schema(name = "PostLengthUnit")
    enum LengthUnit {
        /** X's weighted characters: links 23, emoji and CJK characters 2, others 1 (twitter-text, version 3). */
        X_WEIGHTED,
        /** UTF-16 code units (an emoji outside the Basic Multilingual Plane counts 2). */
        UTF16,
        /** Unicode code points. */
        CODE_POINTS
    }

    /**
     * The limits {@link #problems} enforces, for clients that count as the author types (null where the kind has
     * none): the text's length, with media going as links below the text where the kind carries text only; SMS
     * segments; the subject's length; how many media.
     */
    @Schema(name = "PublishingLimits")
    record Limits(
            Integer maxLength,
            LengthUnit lengthUnit,
            Integer maxSegments,
            Integer maxSubjectLength,
            boolean subjectRequired,
            Integer maxMedia,
            boolean mediaAsLinks) {}

    /** What {@link #problems} checks, as figures. */
    Limits limits();

    /**
     * What is wrong with this post for this channel, each in words an author understands (for example "An X post
     * can carry at most 280 characters; this one counts 312", "An SMS broadcast is capped at 10 segments; this
     * text needs 12 UCS-2 segments", "An email broadcast needs a subject"); empty when it can go. Asked when a
     * post is written, submitted and approved (a 422 lists the problems) and again just before each delivery.
     * {@code post.deliveryId()} and the recipient are null when asked before publishing.
     */
    List<String> problems(ResolvedChannel channel, OutboundPost post);

    /**
     * Hands one post (or one broadcast message) to the provider. Runs on a dispatcher thread outside any
     * transaction and must not touch the database. Never throws for a provider's answer.
     */
    SendOutcome publish(ResolvedChannel channel, OutboundPost post);

    /**
     * Whether the provider already accepted this very post at or after {@code since}, for a delivery whose
     * dispatcher died before it could record the provider's answer: the outbox asks before sending such a delivery
     * again, so that a provider without idempotency keys does not get it twice. {@link PriorAcceptance.Accepted}
     * names the provider's id (recorded as sent, nothing sent); {@link PriorAcceptance.Unknown} when the provider
     * cannot be asked now (the outbox asks again later rather than risk a second copy). By default a kind cannot
     * tell: {@link PriorAcceptance#NOT_ACCEPTED}, and the delivery goes again (at least once).
     */
    default PriorAcceptance priorAcceptance(ResolvedChannel channel, OutboundPost post, Instant since) {
        return PriorAcceptance.NOT_ACCEPTED;
    }
}
