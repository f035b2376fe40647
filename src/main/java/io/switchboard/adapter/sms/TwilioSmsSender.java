package io.switchboard.adapter.sms;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Replies by SMS (MMS with media) through Twilio's Messages API ({@link TwilioMessages}): the form fields {@code
 * To, From, Body, StatusCallback} and one {@code MediaUrl} per attachment. Twilio answers with the message
 * resource; its {@code sid} (SM… or MM…) is the provider id. Twilio reports the delivery later to the status
 * callback of the channel ({@code /webhooks/sms/{key}/status}).
 */
@ApplicationScoped
public class TwilioSmsSender implements ReplySender {

    static final int MAX_BODY_LENGTH = TwilioMessages.MAX_BODY_LENGTH;
    static final int MAX_MEDIA = TwilioMessages.MAX_MEDIA;

    private final TwilioMessages twilio;

    public TwilioSmsSender(TwilioMessages twilio) {
        this.twilio = twilio;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SMS;
    }

    @Override
    public Optional<String> refusal(OutboundReply reply, Instant at) {
        if (reply.isEmpty()) {
            return Optional.of("An SMS needs text or at least one attachment");
        }
        String body = body(reply);
        int length = body.codePointCount(0, body.length());
        if (length > MAX_BODY_LENGTH) {
            return Optional.of("An SMS can carry at most " + MAX_BODY_LENGTH + " characters; this one has " + length);
        }
        if (reply.attachments().size() > MAX_MEDIA) {
            return Optional.of("An MMS can carry at most " + MAX_MEDIA + " attachments");
        }
        return Optional.empty();
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        return twilio.send(
                channel,
                reply.deliveryId(),
                reply.recipientExternalId(),
                body(reply),
                reply.attachments().stream().map(OutboundReply.Attachment::url).toList());
    }

    /** See {@link TwilioMessages#priorAcceptance}: a lookup that fails transiently is {@code Unknown}. */
    @Override
    public PriorAcceptance priorAcceptance(ResolvedChannel channel, OutboundReply reply, Instant since) {
        return twilio.priorAcceptance(channel, reply.recipientExternalId(), body(reply), since);
    }

    private static String body(OutboundReply reply) {
        return reply.text() == null ? "" : reply.text().strip();
    }
}
