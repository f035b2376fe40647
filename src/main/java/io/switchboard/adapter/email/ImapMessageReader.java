package io.switchboard.adapter.email;

import io.switchboard.channel.ResolvedChannel;
import io.switchboard.inbox.InboundMessage;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A message read from an IMAP mailbox (a MIME message), in the inbox's terms. */
final class ImapMessageReader {

    static final int MAX_ATTACHMENTS = 50;

    private static final Pattern INVISIBLE_HTML =
            Pattern.compile("(?is)<(script|style|head)[^>]*>.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern LINE_BREAKING_HTML = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6])\\s*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private ImapMessageReader() {}

    /**
     * The message, or empty when it names no sender that could be a contact. {@code fallbackId} identifies a
     * message without a Message-ID (stable for this mailbox: UIDVALIDITY and UID).
     */
    static Optional<InboundMessage> toInbound(ResolvedChannel channel, MimeMessage mime, String fallbackId, Instant now)
            throws MessagingException, IOException {
        Optional<InternetAddress> author = author(mime);
        if (author.isEmpty()) {
            return Optional.empty();
        }
        String messageId = mime.getHeader("Message-ID", " ");
        if (EmailThreading.messageIds(messageId).isEmpty()) {
            messageId = "<" + fallbackId + ">";
        }
        EmailThreading.Placement thread =
                EmailThreading.of(messageId, mime.getHeader("In-Reply-To", " "), mime.getHeader("References", " "));
        Body body = new Body();
        read(mime, body);
        String text = body.plain != null ? body.plain : body.html != null ? htmlToText(body.html) : null;
        Instant sentAt = mime.getSentDate() == null ? null : mime.getSentDate().toInstant();
        return Optional.of(InboundEmail.message(
                channel, thread, author.get(), mime.getSubject(), text, body.attachments, sentAt, now));
    }

    /** The From mailbox (or Sender, as Jakarta Mail falls back), else the envelope's Return-Path. */
    private static Optional<InternetAddress> author(MimeMessage mime) throws MessagingException {
        Address[] from = mime.getFrom();
        if (from != null) {
            for (Address address : from) {
                if (address instanceof InternetAddress mailbox && InboundEmail.usable(mailbox)) {
                    return Optional.of(mailbox);
                }
            }
        }
        return InboundEmail.mailbox(mime.getHeader("Return-Path", ","));
    }

    private static final class Body {
        String plain;
        String html;
        final List<InboundMessage.Attachment> attachments = new ArrayList<>();
    }

    /** The first plain and HTML texts, and every attachment's metadata (its content is counted, not kept). */
    private static void read(Part part, Body body) throws MessagingException, IOException {
        String fileName = part.getFileName();
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
        if (part.isMimeType("multipart/*") && !attachment) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                read(multipart.getBodyPart(i), body);
            }
        } else if (!attachment && part.isMimeType("text/plain") && body.plain == null) {
            body.plain = (String) part.getContent();
        } else if (!attachment && part.isMimeType("text/html") && body.html == null) {
            body.html = (String) part.getContent();
        } else if (attachment || part.isMimeType("message/rfc822")) {
            if (body.attachments.size() < MAX_ATTACHMENTS) {
                body.attachments.add(new InboundMessage.Attachment(
                        null,
                        // IMAP servers report types in upper case; media types compare case-insensitively.
                        new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT),
                        fileName == null ? "message.eml" : MimeUtility.decodeText(fileName),
                        size(part)));
            }
        }
    }

    private static long size(Part part) throws MessagingException, IOException {
        try (InputStream content = part.getInputStream()) {
            return content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Enough of the text of an HTML-only email for an operator to read; the inbox shows text. */
    static String htmlToText(String html) {
        String text = INVISIBLE_HTML.matcher(html).replaceAll("");
        text = LINE_BREAKING_HTML.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = text.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
        return text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
