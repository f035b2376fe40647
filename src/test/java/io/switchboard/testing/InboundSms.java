package io.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** An inbound SMS as Twilio posts it to a channel's webhook: the form fields Twilio sends, signed over the URL. */
public final class InboundSms {

    private InboundSms() {}

    /**
     * Posts the SMS to the service at {@code base}, on the path of the channel's {@code webhookUrl} (the URL the
     * signature covers, as the provider was given it); returns the answer's status.
     */
    public static int post(
            String base,
            String webhookUrl,
            String accountSid,
            String authToken,
            String to,
            String sid,
            String from,
            String body)
            throws Exception {
        List<Map.Entry<String, String>> params = List.of(
                Map.entry("AccountSid", accountSid),
                Map.entry("ApiVersion", "2010-04-01"),
                Map.entry("Body", body),
                Map.entry("From", from),
                Map.entry("MessageSid", sid),
                Map.entry("NumMedia", "0"),
                Map.entry("NumSegments", "1"),
                Map.entry("SmsMessageSid", sid),
                Map.entry("SmsSid", sid),
                Map.entry("SmsStatus", "received"),
                Map.entry("To", to));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + URI.create(webhookUrl).getPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, webhookUrl, params))
                .POST(HttpRequest.BodyPublishers.ofString(ProviderSignatures.form(params)))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
