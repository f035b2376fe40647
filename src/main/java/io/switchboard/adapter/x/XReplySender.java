package io.switchboard.adapter.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ProviderErrors;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.HeaderValues;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Replies on X through the v2 API with the account's OAuth 2.0 user access token ({@code Authorization: Bearer}).
 *
 * <ul>
 *   <li>Direct messages (private threads): {@code POST /2/dm_conversations/with/{participant_id}/messages} with
 *       {@code {"text":…}}; the provider id is the answer's {@code data.dm_event_id}.
 *   <li>Mentions (public threads): a reply to the latest post of the thread, {@code POST /2/tweets} with {@code
 *       {"text":…, "reply":{"in_reply_to_tweet_id":…}}}; the provider id is the new post's {@code data.id}.
 * </ul>
 *
 * Attachments go as links below the text (X's media need an upload first).
 */
@ApplicationScoped
public class XReplySender implements ReplySender {

    static final int MAX_DM_LENGTH = 10_000;

    /**
     * X's error bodies: problem details ({@code title, detail, type, status}), sometimes with {@code errors[]};
     * a 429 tells when the window resets in {@code x-rate-limit-reset} (epoch seconds).
     */
    static final ProviderErrors X_ERRORS = new ProviderErrors() {
        @Override
        public Optional<String> explanation(JsonNode body) {
            return ProviderErrors.text(body.get("detail"))
                    .or(() -> ProviderErrors.text(body.path("errors").path(0).get("message")))
                    .or(() -> ProviderErrors.text(body.get("title")));
        }

        @Override
        public Optional<Instant> retryAt(HttpHeaders headers) {
            return headers.firstValue("x-rate-limit-reset")
                    .filter(v -> v.matches("[0-9]{1,12}"))
                    .map(v -> Instant.ofEpochSecond(Long.parseLong(v)));
        }
    };

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public XReplySender(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.X;
    }

    @Override
    public Optional<String> refusal(OutboundReply reply, Instant at) {
        if (reply.isEmpty()) {
            return Optional.of("A reply on X needs text or at least one attachment");
        }
        String text = reply.textWithLinks();
        if (reply.publicThread()) {
            if (reply.inReplyToExternalId() == null) {
                return Optional.of("This thread has no post from the customer to reply to");
            }
            int weighted = XPostLength.of(text);
            if (weighted > XPostLength.MAX_WEIGHTED_LENGTH) {
                return Optional.of("A post on X can have at most " + XPostLength.MAX_WEIGHTED_LENGTH
                        + " characters (links count 23, emoji and CJK characters 2); this one counts " + weighted);
            }
            return Optional.empty();
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_DM_LENGTH) {
            return Optional.of(
                    "A direct message on X can have at most " + MAX_DM_LENGTH + " characters; this one has " + length);
        }
        return Optional.empty();
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        String base = config.providers().x().baseUrl();
        if (reply.publicThread()) {
            var body = Map.of(
                    "text",
                    reply.textWithLinks(),
                    "reply",
                    Map.of("in_reply_to_tweet_id", reply.inReplyToExternalId()));
            return http.send(post(channel, base + "/2/tweets", body), json -> data(json, "id"), X_ERRORS);
        }
        String url = base + "/2/dm_conversations/with/"
                + URLEncoder.encode(reply.recipientExternalId(), StandardCharsets.UTF_8) + "/messages";
        return http.send(
                post(channel, url, Map.of("text", reply.textWithLinks())), json -> data(json, "dm_event_id"), X_ERRORS);
    }

    private HttpRequest post(ResolvedChannel channel, String url, Object body) {
        return http.request(url)
                .header("Authorization", "Bearer " + HeaderValues.singleLine(channel.secret("accessToken")))
                .header("Content-Type", "application/json")
                .POST(http.json(body))
                .build();
    }

    private static Optional<String> data(JsonNode json, String field) {
        return ProviderErrors.text(json.path("data").get(field));
    }
}
