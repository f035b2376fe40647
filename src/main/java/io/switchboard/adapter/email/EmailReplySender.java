package io.switchboard.adapter.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.HeaderValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replies by email over SMTP, through the platform's Quarkus Mailer ({@code quarkus.mailer.*}): From is the
 * channel's address, so the relay must be allowed to send for the channel's domain (SPF, DKIM).
 *
 * <p>Threading (RFC 5322, section 3.6.4): the reply's {@code Message-ID} is {@code <deliveryId@channel-domain>},
 * the same on every retry of the delivery; {@code In-Reply-To} names the customer's latest message and {@code
 * References} the conversation's messages. The provider id is that Message-ID as the inbound side stores ids
 * (without angle brackets, see {@link EmailThreading#storedId}), so a customer's answer, whose In-Reply-To names
 * our message, finds the conversation.
 *
 * <p>Attachments go as links below the text: the files stay where they are; nothing is fetched from their URLs.
 */
@ApplicationScoped
public class EmailReplySender implements ReplySender {

    /** Keeps References on one header line well below RFC 5322's 998 characters. */
    static final int MAX_REFERENCES_LENGTH = 900;

    private static final Pattern REPLY_PREFIX = Pattern.compile("(?i)^\\s*(re|aw|sv|antw)\\s*:.*");
    /** What can stand between angle brackets in a Message-ID: no brackets, no whitespace. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[^<>\\s]+@[^<>\\s]+");

    private final Mailer mailer;
    private final EmailDomains domains;

    public EmailReplySender(Mailer mailer, EmailDomains domains) {
        this.mailer = mailer;
        this.domains = domains;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public Optional<String> refusal(OutboundReply reply, Instant at) {
        if (reply.isEmpty()) {
            return Optional.of("An email needs text or at least one attachment");
        }
        if (!isAddress(reply.recipientExternalId())) {
            return Optional.of("'" + reply.recipientExternalId() + "' is not an email address");
        }
        return Optional.empty();
    }

    /** Also: the channel sends only from a domain its tenant proved it owns ({@link EmailDomains}). */
    @Override
    public Optional<String> refusal(ResolvedChannel channel, OutboundReply reply, Instant at) {
        return refusal(reply, at).or(() -> domains.refusal(channel.setting("address")));
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        String address = channel.setting("address");
        String messageId = messageId(reply.deliveryId(), address);
        Mail mail = Mail.withText(reply.recipientExternalId(), subject(reply.subject()), reply.textWithLinks())
                .setFrom(address)
                .addHeader("Message-ID", "<" + messageId + ">");
        if (isMessageId(reply.inReplyToExternalId())) {
            mail.addHeader("In-Reply-To", "<" + reply.inReplyToExternalId() + ">");
        }
        references(reply).ifPresent(references -> mail.addHeader("References", references));
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            return SmtpFailures.outcome(e);
        }
        return new SendOutcome.Sent(EmailThreading.storedId(messageId));
    }

    /** {@code deliveryId@domain}: unique (the delivery id is), and the same for every attempt of one delivery. */
    static String messageId(String deliveryId, String channelAddress) {
        String domain =
                channelAddress.substring(channelAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return deliveryId + "@" + domain;
    }

    /**
     * "Re: " and the conversation's subject, unless it is a reply already; none without a subject. The subject is
     * the customer's text: on one line, so that it cannot add headers (subjects stored before inbound mail was
     * made single-line may still hold line breaks).
     */
    static String subject(String conversationSubject) {
        String subject = HeaderValues.singleLine(conversationSubject);
        if (subject == null || subject.isEmpty()) {
            return null;
        }
        return REPLY_PREFIX.matcher(subject).matches() ? subject : "Re: " + subject;
    }

    /**
     * The conversation's ids, oldest first, ending with the message answered. Ids that are not Message-IDs
     * (digests of overlong ones) are left out; a long chain keeps its root and its most recent ids.
     */
    static Optional<String> references(OutboundReply reply) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : reply.references()) {
            if (isMessageId(id)) {
                ids.add(id);
            }
        }
        if (isMessageId(reply.inReplyToExternalId())) {
            ids.remove(reply.inReplyToExternalId());
            ids.add(reply.inReplyToExternalId());
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = new ArrayList<>(ids);
        List<String> kept = new ArrayList<>();
        int length = all.get(0).length() + 2;
        for (int i = all.size() - 1; i > 0; i--) {
            length += all.get(i).length() + 3;
            if (length > MAX_REFERENCES_LENGTH) {
                break;
            }
            kept.add(0, all.get(i));
        }
        kept.add(0, all.get(0));
        return Optional.of(
                String.join(" ", kept.stream().map(id -> "<" + id + ">").toList()));
    }

    private static boolean isMessageId(String id) {
        return id != null
                && id.equals(HeaderValues.singleLine(id))
                && id.length() <= EmailThreading.MAX_STORED_ID_LENGTH
                && MESSAGE_ID.matcher(id).matches();
    }

    static boolean isAddress(String address) {
        if (address == null || address.isBlank() || address.length() > InboundEmail.MAX_ADDRESS_LENGTH) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            return InboundEmail.usable(parsed) && parsed.getAddress().equals(address);
        } catch (AddressException e) {
            return false;
        }
    }
}
