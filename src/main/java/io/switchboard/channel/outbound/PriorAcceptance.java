package io.switchboard.channel.outbound;

import java.time.Duration;

/**
 * What a provider says about a delivery whose dispatcher may have died between the provider's answer and
 * recording it: whether the provider already accepted it, did not, or cannot be asked right now. The outbox asks
 * before sending such a delivery again ({@link ReplySender#priorAcceptance}, {@link PostPublisher#priorAcceptance}).
 */
public sealed interface PriorAcceptance {

    /** Accepted already: record {@code providerId} as the send's outcome and send nothing. */
    record Accepted(String providerId) implements PriorAcceptance {}

    /** Not accepted, or the kind cannot tell: send (at least once). */
    record NotAccepted() implements PriorAcceptance {}

    /**
     * The provider could not be asked now (5xx, timeout, 429): sending anyway risks a second copy of a message
     * the provider may hold, so the outbox should treat it like a transient failure and ask again later (after
     * {@code retryAfter} when given; it may be null).
     */
    record Unknown(String error, Duration retryAfter) implements PriorAcceptance {}

    PriorAcceptance NOT_ACCEPTED = new NotAccepted();
}
