package io.switchboard.adapter.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.ProviderErrors;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Twilio's Messages API as both SMS replies and SMS broadcasts use it: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} with basic authentication (account SID and auth token) and the
 * form fields {@code To, From, Body, StatusCallback} and one {@code MediaUrl} per medium; the answer's {@code sid}
 * is the provider id. The {@code StatusCallback} names the delivery, so Twilio's reports find it (see {@link
 * SmsStatusCallbackResource}).
 *
 * <p>Twilio takes no idempotency key, so a message whose answer was lost (the dispatcher died, the connection
 * broke after Twilio accepted it) is looked up in the account's message list before it is sent again: {@link
 * #priorAcceptance}.
 */
@ApplicationScoped
class TwilioMessages {

    private static final Logger LOG = Logger.getLogger(TwilioMessages.class);

    /** Twilio refuses longer bodies (error 21617). */
    static final int MAX_BODY_LENGTH = 1600;

    /** Twilio takes at most ten media per message. */
    static final int MAX_MEDIA = 10;

    /** Messages per page of the lookup, and how many pages it reads at most. */
    static final int LOOKUP_PAGE_SIZE = 50;

    static final int LOOKUP_MAX_PAGES = 10;

    /** Twilio's error body: {@code {"code": 21211, "message": "…", "more_info": "…", "status": 400}}. */
    static final ProviderErrors TWILIO_ERRORS = body -> ProviderErrors.text(body.get("message"))
            .map(message -> body.hasNonNull("code")
                    ? message + " (Twilio error " + body.get("code").asText() + ")"
                    : message);

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    TwilioMessages(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    /** Hands one message to Twilio: {@code body} to {@code to} from the channel's number, with its media. */
    SendOutcome send(ResolvedChannel channel, String deliveryId, String to, String body, List<String> mediaUrls) {
        String accountSid = channel.setting("accountSid");
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(new SimpleEntry<>("To", to));
        form.add(new SimpleEntry<>("From", channel.setting("phoneNumber")));
        form.add(new SimpleEntry<>("Body", body));
        form.add(new SimpleEntry<>("StatusCallback", statusCallback(channel, deliveryId)));
        for (String url : mediaUrls) {
            form.add(new SimpleEntry<>("MediaUrl", url));
        }
        HttpRequest request = http.request(messagesUrl(accountSid))
                .header("Authorization", basic(accountSid, channel.secret("authToken")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(ProviderHttp.form(form))
                .build();
        return http.send(request, json -> ProviderErrors.text(json.get("sid")), TWILIO_ERRORS);
    }

    /**
     * Whether Twilio already accepted this message: the account's messages from the channel's number to {@code
     * to} ({@code GET …/Messages.json?To=&From=&PageSize=50}, newest first, following {@code next_page_uri} while
     * the page still reaches back to {@code since}) are searched for one with exactly this body created at or
     * after {@code since} (truncated to the second, as Twilio's {@code date_created} is). The oldest such message
     * is the one our first attempt created.
     *
     * <p>A lookup that fails transiently (5xx, timeout, 429) answers {@link PriorAcceptance.Unknown}: the message
     * may be there, and sending it again could give the recipient a second copy. A lookup Twilio refuses (4xx:
     * credentials, account) answers {@link PriorAcceptance.NotAccepted}, since the send will meet the same refusal
     * and fail with Twilio's own words. Two deliveries of the very same text to the same number from the same
     * channel in the same window cannot be told apart: Twilio's list does not show the status callback that names
     * the delivery.
     */
    PriorAcceptance priorAcceptance(ResolvedChannel channel, String to, String body, Instant since) {
        String accountSid = channel.setting("accountSid");
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        String url = messagesUrl(accountSid) + "?To=" + encode(to) + "&From=" + encode(channel.setting("phoneNumber"))
                + "&PageSize=" + LOOKUP_PAGE_SIZE;
        String found = null;
        for (int page = 0; page < LOOKUP_MAX_PAGES && url != null; page++) {
            HttpRequest request = http.request(url)
                    .header("Authorization", basic(accountSid, channel.secret("authToken")))
                    .GET()
                    .build();
            switch (http.read(request, TWILIO_ERRORS)) {
                case ProviderHttp.Answer.Failed(SendOutcome.Transient failure, var status, var json) -> {
                    LOG.warnf("Could not look up Twilio messages to %s: %s", to, failure.error());
                    return new PriorAcceptance.Unknown(
                            "Could not ask Twilio whether it already has this message: " + failure.error(),
                            failure.retryAfter());
                }
                case ProviderHttp.Answer.Failed failed -> {
                    LOG.warnf("Twilio refused the lookup of messages to %s: %s", to, failed.outcome());
                    return PriorAcceptance.NOT_ACCEPTED;
                }
                case ProviderHttp.Answer.Ok ok
                when ok.json() == null || !ok.json().path("messages").isArray() -> {
                    LOG.warnf("Twilio's message list to %s is not what it documents; taken as empty", to);
                    return found == null ? PriorAcceptance.NOT_ACCEPTED : new PriorAcceptance.Accepted(found);
                }
                case ProviderHttp.Answer.Ok ok -> {
                    boolean reachesBack = true;
                    for (JsonNode message : ok.json().get("messages")) {
                        Instant created = created(message);
                        if (created == null) {
                            continue;
                        }
                        if (created.isBefore(from)) {
                            reachesBack = false;
                            continue;
                        }
                        if (body.equals(message.path("body").asText(null))
                                && ProviderErrors.text(message.get("sid")).isPresent()) {
                            found = message.get("sid").asText();
                        }
                    }
                    String next =
                            ProviderErrors.text(ok.json().get("next_page_uri")).orElse(null);
                    url = reachesBack && next != null
                            ? config.providers().twilio().baseUrl() + next
                            : null;
                }
            }
        }
        return found == null ? PriorAcceptance.NOT_ACCEPTED : new PriorAcceptance.Accepted(found);
    }

    /**
     * Where Twilio reports the message's delivery: the channel's signed status callback, naming the delivery, so
     * that a report arriving before the message's sid is recorded still finds its delivery.
     */
    String statusCallback(ResolvedChannel channel, String deliveryId) {
        return config.publicBaseUrl().replaceAll("/+$", "") + "/webhooks/sms/" + channel.key() + "/status?delivery="
                + encode(deliveryId);
    }

    private String messagesUrl(String accountSid) {
        return config.providers().twilio().baseUrl() + "/2010-04-01/Accounts/" + encode(accountSid) + "/Messages.json";
    }

    /** Twilio's {@code date_created}, RFC 2822 such as {@code Thu, 26 Nov 2026 10:15:00 +0000}; null if unreadable. */
    private static Instant created(JsonNode message) {
        String value = message.path("date_created").asText("");
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            LOG.debugf("Twilio message %s has an unreadable date_created '%s'", message.path("sid"), value);
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
