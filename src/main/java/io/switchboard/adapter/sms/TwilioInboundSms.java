package io.switchboard.adapter.sms;

import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.http.FormFields;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * An inbound SMS or MMS as Twilio posts it (MessageSid, From, To, Body, NumMedia, MediaUrlN,
 * MediaContentTypeN, …), in the inbox's terms. The media stay with Twilio: their URLs are kept.
 */
final class TwilioInboundSms {

    /** Twilio delivers at most 10 media per message; more is not a Twilio request. */
    static final int MAX_MEDIA = 10;

    private static final int MAX_ID_LENGTH = 255;

    private TwilioInboundSms() {}

    static InboundMessage toInbound(ResolvedChannel channel, FormFields form) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String messageSid = required(form, "MessageSid", errors);
        String from = required(form, "From", errors);
        required(form, "AccountSid", errors);
        List<InboundMessage.Attachment> media = media(form, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The message is not a complete Twilio message", errors);
        }
        String body = form.first("Body");
        return InboundMessage.direct(
                channel,
                messageSid,
                new InboundMessage.Sender(IdentityKind.PHONE, from, null, from),
                body == null || body.isEmpty() ? null : body,
                media,
                null);
    }

    private static String required(FormFields form, String name, List<Problem.FieldError> errors) {
        String value = form.first(name);
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(name, "is required"));
            return null;
        }
        if (value.length() > MAX_ID_LENGTH) {
            errors.add(new Problem.FieldError(name, "is too long"));
            return null;
        }
        return value.strip();
    }

    private static List<InboundMessage.Attachment> media(FormFields form, List<Problem.FieldError> errors) {
        String numMedia = form.first("NumMedia");
        int count;
        try {
            count = numMedia == null || numMedia.isBlank() ? 0 : Integer.parseInt(numMedia.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0 || count > MAX_MEDIA) {
            errors.add(new Problem.FieldError("NumMedia", "must be a number from 0 to " + MAX_MEDIA));
            return List.of();
        }
        List<InboundMessage.Attachment> media = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String url = form.first("MediaUrl" + i);
            if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2000) {
                errors.add(new Problem.FieldError("MediaUrl" + i, "must be an http(s) URL"));
                continue;
            }
            media.add(new InboundMessage.Attachment(url, form.first("MediaContentType" + i), null, null));
        }
        return media;
    }
}
