package io.switchboard.adapter.email;

import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.http.FormFields;
import io.switchboard.inbox.InboundMessage;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An email as a Mailgun route forwards it (fields {@code from, sender, recipient, subject, body-plain,
 * stripped-text, Message-Id, In-Reply-To, References, Date}, attachments as files), in the inbox's terms.
 */
final class MailgunInboundEmail {

    private MailgunInboundEmail() {}

    static InboundMessage toInbound(
            ResolvedChannel channel, FormFields fields, List<InboundMessage.Attachment> attachments, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        EmailThreading.Placement thread = null;
        String messageId = fields.firstIgnoringCase("Message-Id");
        if (EmailThreading.messageIds(messageId).isEmpty()) {
            errors.add(new Problem.FieldError("Message-Id", "is required"));
        } else {
            thread = EmailThreading.of(
                    messageId, fields.firstIgnoringCase("In-Reply-To"), fields.firstIgnoringCase("References"));
        }
        // The From header names the person; the envelope sender may be a bounce address of a mailing list.
        Optional<InternetAddress> author = InboundEmail.mailbox(fields.firstIgnoringCase("from"))
                .or(() -> InboundEmail.mailbox(fields.first("sender")));
        if (author.isEmpty()) {
            errors.add(new Problem.FieldError("from", "must contain an email address"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The email cannot be received", errors);
        }
        return InboundEmail.message(
                channel,
                thread,
                author.get(),
                decoded(fields.firstIgnoringCase("subject")),
                text(fields),
                attachments,
                sentAt(fields.firstIgnoringCase("Date")),
                now);
    }

    /** The reply as written: Mailgun's stripped-text drops the quoted history and signature. */
    private static String text(FormFields fields) {
        String stripped = fields.first("stripped-text");
        if (stripped != null && !stripped.isBlank()) {
            return stripped;
        }
        String plain = fields.first("body-plain");
        return plain == null || plain.isBlank() ? null : plain;
    }

    /** Mailgun posts decoded values; raw header values (RFC 2047 encoded words) are decoded too. */
    private static String decoded(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return MimeUtility.decodeText(value).strip();
        } catch (UnsupportedEncodingException e) {
            return value.strip();
        }
    }

    /** When the author sent it, from the Date header; absent or unreadable: when it arrived. */
    private static Instant sentAt(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        String withoutComment = date.replaceAll("\\([^)]*\\)", "").strip();
        try {
            return ZonedDateTime.parse(withoutComment, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
