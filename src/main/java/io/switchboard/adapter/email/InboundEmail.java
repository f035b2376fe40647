package io.switchboard.adapter.email;

import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.HeaderValues;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundMessage;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An email in the inbox's terms, whichever way it arrived (route webhook or IMAP). */
final class InboundEmail {

    static final int MAX_ADDRESS_LENGTH = 255;

    private InboundEmail() {}

    static InboundMessage message(
            ResolvedChannel channel,
            EmailThreading.Placement thread,
            InternetAddress author,
            String subject,
            String text,
            List<InboundMessage.Attachment> attachments,
            Instant sentAt,
            Instant now) {
        String address = author.getAddress().strip().toLowerCase(Locale.ROOT);
        // Subject and display name are decoded header text (RFC 2047 encoded words may hold line breaks): stored
        // on one line, as they will be written into the headers of replies and broadcasts.
        String name = HeaderValues.singleLine(author.getPersonal());
        String oneLineSubject = HeaderValues.singleLine(subject);
        return new InboundMessage(
                channel,
                thread.externalId(),
                new InboundMessage.Sender(
                        IdentityKind.EMAIL, address, name == null || name.isEmpty() ? null : name, address),
                thread.threadKey(),
                false,
                thread.inReplyTo(),
                oneLineSubject == null || oneLineSubject.isEmpty() ? null : oneLineSubject,
                text == null || text.isBlank() ? null : text,
                attachments,
                sentAt == null || sentAt.isAfter(now) ? null : sentAt);
    }

    /** The first mailbox of an address header (display name decoded), if it has a usable address. */
    static Optional<InternetAddress> mailbox(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            for (InternetAddress candidate : InternetAddress.parseHeader(header, false)) {
                if (usable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        } catch (AddressException e) {
            // not an address list: no author
        }
        return Optional.empty();
    }

    static boolean usable(InternetAddress candidate) {
        String address = candidate.getAddress();
        return address != null
                && address.indexOf('@') > 0
                && address.indexOf('@') < address.length() - 1
                && address.length() <= MAX_ADDRESS_LENGTH;
    }
}
