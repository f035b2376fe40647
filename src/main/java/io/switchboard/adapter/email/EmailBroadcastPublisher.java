package io.switchboard.adapter.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.HeaderValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Email broadcasts: one message to each recipient over SMTP through the platform's Quarkus Mailer, as {@link
 * EmailReplySender} sends replies: From is the channel's address, the subject is the post's, {@code Message-ID}
 * is {@code <deliveryId@channel-domain>} (the same on every retry of the delivery, so a receiving server can
 * drop a second copy), and there is no {@code In-Reply-To}: a broadcast starts its own thread. The recipient's
 * name, when known, goes into {@code To}. Media go as links below the text. The provider id is the Message-ID
 * without brackets, so an answer to the broadcast can be threaded to it.
 */
@ApplicationScoped
public class EmailBroadcastPublisher implements PostPublisher {

    /** RFC 5322's line limit, which a subject must fit. */
    static final int MAX_SUBJECT_LENGTH = 998;

    private final Mailer mailer;
    private final EmailDomains domains;

    public EmailBroadcastPublisher(Mailer mailer, EmailDomains domains) {
        this.mailer = mailer;
        this.domains = domains;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public Mode mode() {
        return Mode.BROADCAST;
    }

    @Override
    public Limits limits() {
        return new Limits(null, null, null, MAX_SUBJECT_LENGTH, true, null, true);
    }

    @Override
    public List<String> problems(ResolvedChannel channel, OutboundPost post) {
        List<String> problems = new ArrayList<>();
        String subject = post.subject();
        if (subject == null || subject.isBlank()) {
            problems.add("An email broadcast needs a subject");
        } else {
            if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
                problems.add("An email subject must be one line (no line breaks)");
            }
            int length = subject.strip().codePointCount(0, subject.strip().length());
            if (length > MAX_SUBJECT_LENGTH) {
                problems.add("An email subject can have at most " + MAX_SUBJECT_LENGTH + " characters; this one has "
                        + length);
            }
        }
        if ((post.text() == null || post.text().isBlank()) && post.media().isEmpty()) {
            problems.add("An email broadcast needs text or at least one medium");
        }
        if (post.recipientExternalId() != null && !EmailReplySender.isAddress(post.recipientExternalId())) {
            problems.add("'" + post.recipientExternalId() + "' is not an email address");
        }
        domains.refusal(channel.setting("address")).ifPresent(problems::add);
        return problems;
    }

    @Override
    public SendOutcome publish(ResolvedChannel channel, OutboundPost post) {
        String address = channel.setting("address");
        String messageId = EmailReplySender.messageId(post.deliveryId(), address);
        Mail mail = Mail.withText(to(post), HeaderValues.singleLine(post.subject()), post.textWithLinks())
                .setFrom(address)
                .addHeader("Message-ID", "<" + messageId + ">");
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            return SmtpFailures.outcome(e);
        }
        return new SendOutcome.Sent(EmailThreading.storedId(messageId));
    }

    /** {@code "Name" <address>} (the name encoded as RFC 2047 needs), or the bare address without a name. */
    private static String to(OutboundPost post) {
        // A contact's name is the customer's text; on one line it cannot add headers.
        String name = HeaderValues.singleLine(post.recipientName());
        if (name == null || name.isEmpty()) {
            return post.recipientExternalId();
        }
        try {
            return new InternetAddress(post.recipientExternalId(), name, "UTF-8").toString();
        } catch (UnsupportedEncodingException e) {
            return post.recipientExternalId();
        }
    }
}
