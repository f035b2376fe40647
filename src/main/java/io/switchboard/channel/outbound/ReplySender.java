package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends replies through one kind of channel: the reply capability of a channel kind. One CDI bean per kind, in
 * the kind's own package; {@link ReplySenders} finds it by kind. The delivery outbox calls it, never a resource.
 */
public interface ReplySender {

    ChannelKind kind();

    /**
     * Why this reply cannot be sent through this channel at {@code at}, in words an operator understands (for
     * example Messenger's 24-hour window, or a text too long for the channel); empty when it can be sent. The
     * outbox asks when a reply is written (and refuses it with 422) and again just before sending it.
     */
    default Optional<String> refusal(OutboundReply reply, Instant at) {
        return Optional.empty();
    }

    /**
     * {@link #refusal(OutboundReply, Instant)} for senders whose answer depends on the channel's settings (a
     * reply URL, an optional feature); the outbox always asks this one.
     */
    default Optional<String> refusal(ResolvedChannel channel, OutboundReply reply, Instant at) {
        return refusal(reply, at);
    }

    /**
     * Hands one reply to the provider. Runs on a dispatcher thread outside any transaction and must not touch
     * the database. Never throws for a provider's answer: every answer maps to a {@link SendOutcome}; an
     * unexpected exception counts as a transient failure.
     */
    SendOutcome send(ResolvedChannel channel, OutboundReply reply);

    /**
     * Whether the provider already accepted this very reply at or after {@code since}, for a delivery whose
     * dispatcher died before it could record the provider's answer: the outbox asks before sending such a delivery
     * again, so that a provider without idempotency keys does not get it twice. {@link PriorAcceptance.Accepted}
     * names the provider's id (recorded as sent, nothing sent); {@link PriorAcceptance.Unknown} when the provider
     * cannot be asked now (the outbox asks again later rather than risk a second copy). By default a kind cannot
     * tell: {@link PriorAcceptance#NOT_ACCEPTED}, and the delivery goes again (at least once).
     */
    default PriorAcceptance priorAcceptance(ResolvedChannel channel, OutboundReply reply, Instant since) {
        return PriorAcceptance.NOT_ACCEPTED;
    }
}
