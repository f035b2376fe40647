package io.switchboard.channel.outbound;

import java.time.Duration;

/** What a provider made of one send. */
public sealed interface SendOutcome {

    /** Accepted; {@code providerId} is the provider's id of the sent message (Twilio sid, Graph id, tweet id…). */
    record Sent(String providerId) implements SendOutcome {}

    /**
     * Failed in a way that may pass (5xx, timeout, connection refused, 429): try again later. {@code retryAfter}
     * is the provider's own hint (429 Retry-After), or null.
     */
    record Transient(String error, Duration retryAfter) implements SendOutcome {}

    /** Refused for good (4xx other than 429, a closed window, a blocked recipient): do not try again. */
    record Permanent(String error) implements SendOutcome {}
}
