package io.switchboard.channel.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ProviderErrors;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replies by SMS (MMS with media) through Twilio's Messages API: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} with basic authentication (account SID and auth token) and
 * the form fields {@code To, From, Body, StatusCallback} and one {@code MediaUrl} per attachment. Twilio answers
 * with the message resource; its {@code sid} (SM… or MM…) is the provider id. Twilio reports the delivery later
 * to the status callback of the channel ({@code /webhooks/sms/{key}/status}).
 */
@ApplicationScoped
public class TwilioSmsSender implements ReplySender {

    /** Twilio refuses longer bodies (error 21617). */
    static final int MAX_BODY_LENGTH = 1600;

    /** Twilio takes at most ten media per message. */
    static final int MAX_MEDIA = 10;

    /** Twilio's error body: {@code {"code": 21211, "message": "…", "more_info": "…", "status": 400}}. */
    private static final ProviderErrors TWILIO_ERRORS = body -> ProviderErrors.text(body.get("message"))
            .map(message -> body.hasNonNull("code")
                    ? message + " (Twilio error " + body.get("code").asText() + ")"
                    : message);

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public TwilioSmsSender(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
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
        String accountSid = channel.setting("accountSid");
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(new SimpleEntry<>("To", reply.recipientExternalId()));
        form.add(new SimpleEntry<>("From", channel.setting("phoneNumber")));
        form.add(new SimpleEntry<>("Body", body(reply)));
        form.add(new SimpleEntry<>("StatusCallback", statusCallback(channel, reply.deliveryId())));
        for (OutboundReply.Attachment attachment : reply.attachments()) {
            form.add(new SimpleEntry<>("MediaUrl", attachment.url()));
        }
        HttpRequest request = http.request(config.providers().twilio().baseUrl() + "/2010-04-01/Accounts/"
                        + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json")
                .header("Authorization", basic(accountSid, channel.secret("authToken")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(ProviderHttp.form(form))
                .build();
        return http.send(request, TwilioSmsSender::sid, TWILIO_ERRORS);
    }

    /**
     * Where Twilio reports the message's delivery: the channel's signed status callback, naming the delivery, so
     * that a report arriving before the message's sid is recorded still finds its delivery.
     */
    String statusCallback(ResolvedChannel channel, String deliveryId) {
        return config.publicBaseUrl().replaceAll("/+$", "") + "/webhooks/sms/" + channel.key() + "/status?delivery="
                + URLEncoder.encode(deliveryId, StandardCharsets.UTF_8);
    }

    private static String body(OutboundReply reply) {
        return reply.text() == null ? "" : reply.text().strip();
    }

    private static Optional<String> sid(JsonNode json) {
        return ProviderErrors.text(json.get("sid"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
