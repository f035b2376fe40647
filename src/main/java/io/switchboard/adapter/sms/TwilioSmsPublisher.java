package io.switchboard.adapter.sms;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SMS broadcasts: one message to each recipient through Twilio's Messages API, exactly as replies go ({@link
 * TwilioMessages}): the post's text as {@code Body}, its media as {@code MediaUrl} (an MMS), and a {@code
 * StatusCallback} naming the delivery, so that Twilio's delivery reports reach each recipient's delivery.
 *
 * <p>Every segment is billed per recipient, so a text is refused above {@code
 * switchboard.publishing.sms-max-segments} segments, counted as the network counts them ({@link SmsSegments}).
 */
@ApplicationScoped
public class TwilioSmsPublisher implements PostPublisher {

    private final TwilioMessages twilio;
    private final SwitchboardConfig config;

    public TwilioSmsPublisher(TwilioMessages twilio, SwitchboardConfig config) {
        this.twilio = twilio;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SMS;
    }

    @Override
    public Mode mode() {
        return Mode.BROADCAST;
    }

    @Override
    public Limits limits() {
        return new Limits(
                TwilioMessages.MAX_BODY_LENGTH,
                LengthUnit.CODE_POINTS,
                config.publishing().smsMaxSegments(),
                null,
                false,
                TwilioMessages.MAX_MEDIA,
                false);
    }

    @Override
    public List<String> problems(ResolvedChannel channel, OutboundPost post) {
        List<String> problems = new ArrayList<>();
        String body = body(post);
        if (body.isEmpty() && post.media().isEmpty()) {
            problems.add("An SMS broadcast needs text or at least one medium");
        }
        int max = config.publishing().smsMaxSegments();
        SmsSegments segments = SmsSegments.of(body);
        if (segments.segments() > max) {
            problems.add("This text needs " + segments.segments() + " " + segments.encoding() + " segments ("
                    + segments.characters() + " characters"
                    + (segments.firstNonGsm() == null
                            ? ""
                            : "; '" + segments.firstNonGsm() + "' is not a GSM-7 character")
                    + "); an SMS broadcast is capped at " + max);
        }
        int length = body.codePointCount(0, body.length());
        if (length > TwilioMessages.MAX_BODY_LENGTH) {
            problems.add("An SMS can carry at most " + TwilioMessages.MAX_BODY_LENGTH + " characters; this one has "
                    + length);
        }
        if (post.media().size() > TwilioMessages.MAX_MEDIA) {
            problems.add("An MMS can carry at most " + TwilioMessages.MAX_MEDIA + " media; this post has "
                    + post.media().size());
        }
        return problems;
    }

    @Override
    public SendOutcome publish(ResolvedChannel channel, OutboundPost post) {
        return twilio.send(
                channel,
                post.deliveryId(),
                post.recipientExternalId(),
                body(post),
                post.media().stream().map(OutboundReply.Attachment::url).toList());
    }

    /** See {@link TwilioMessages#priorAcceptance}: a lookup that fails transiently is {@code Unknown}. */
    @Override
    public PriorAcceptance priorAcceptance(ResolvedChannel channel, OutboundPost post, Instant since) {
        return twilio.priorAcceptance(channel, post.recipientExternalId(), body(post), since);
    }

    private static String body(OutboundPost post) {
        return post.text() == null ? "" : post.text().strip();
    }
}
