package io.switchboard.adapter.facebook;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replies on a Facebook page through the Graph API, authenticated with the page access token as the
 * {@code access_token} query parameter (as Meta's Send API reference shows it).
 *
 * <ul>
 *   <li>Messenger (private threads): the Send API, {@code POST /{version}/{page-id}/messages} with {@code
 *       {"recipient":{"id":PSID},"messaging_type":"RESPONSE","message":{"text":…}}}; the provider id is the
 *       answer's {@code message_id}. Only within 24 hours of the customer's last message (Meta's standard
 *       messaging window; message tags, which need Meta's approval, are not used).
 *   <li>Page comments (public threads): a reply to the latest comment of the thread, {@code POST
 *       /{version}/{comment-id}/comments} with {@code message}; the provider id is the new comment's {@code id}.
 * </ul>
 *
 * Attachments go as links below the text, so that one reply is one Graph message with one id.
 */
@ApplicationScoped
public class FacebookReplySender implements ReplySender {

    static final Duration MESSAGING_WINDOW = Duration.ofHours(24);

    /** Messenger's limit for a text message. */
    static final int MAX_MESSAGE_LENGTH = 2000;

    /** Graph's limit for a comment. */
    static final int MAX_COMMENT_LENGTH = 8000;

    /**
     * Graph error codes that mean "try later": unknown and temporary errors (1, 2), application, user, page and
     * custom rate limits (4, 17, 32, 613). Business-use-case throttling uses 80001 to 80014.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 17, 32, 613);

    /** Graph's error body: {@code {"error": {"message", "type", "code", "error_subcode", "is_transient"}}}. */
    static final ProviderErrors GRAPH_ERRORS = new ProviderErrors() {
        @Override
        public Optional<String> explanation(JsonNode body) {
            JsonNode error = body.path("error");
            return ProviderErrors.text(error.get("message"))
                    .map(message -> message + " (Graph error "
                            + error.path("code").asText("?")
                            + (error.hasNonNull("error_subcode")
                                    ? "/" + error.get("error_subcode").asText()
                                    : "")
                            + ")");
        }

        @Override
        public boolean isTransient(int status, JsonNode body) {
            JsonNode error = body.path("error");
            int code = error.path("code").asInt(-1);
            return error.path("is_transient").asBoolean(false)
                    || TRANSIENT_CODES.contains(code)
                    || (code >= 80001 && code <= 80014);
        }
    };

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public FacebookReplySender(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.FACEBOOK;
    }

    @Override
    public Optional<String> refusal(OutboundReply reply, Instant at) {
        if (reply.isEmpty()) {
            return Optional.of("A Facebook reply needs text or at least one attachment");
        }
        String text = reply.textWithLinks();
        int length = text.codePointCount(0, text.length());
        if (reply.publicThread()) {
            if (reply.inReplyToExternalId() == null) {
                return Optional.of("This comment thread has no comment from the customer to reply to");
            }
            if (length > MAX_COMMENT_LENGTH) {
                return Optional.of("A comment can have at most " + MAX_COMMENT_LENGTH + " characters; this one has "
                        + length + " (attachment links included)");
            }
            return Optional.empty();
        }
        if (reply.lastInboundAt() == null) {
            return Optional.of("Messenger allows replies only within 24 hours of the customer's last message;"
                    + " this customer has not written yet");
        }
        if (reply.lastInboundAt().isBefore(at.minus(MESSAGING_WINDOW))) {
            return Optional.of("Messenger allows replies only within 24 hours of the customer's last message;"
                    + " last message at " + reply.lastInboundAt());
        }
        if (length > MAX_MESSAGE_LENGTH) {
            return Optional.of("A Messenger message can have at most " + MAX_MESSAGE_LENGTH
                    + " characters; this one has " + length + " (attachment links included)");
        }
        return Optional.empty();
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        return reply.publicThread() ? replyToComment(channel, reply) : sendMessage(channel, reply);
    }

    private SendOutcome sendMessage(ResolvedChannel channel, OutboundReply reply) {
        Map<String, Object> body = Map.of(
                "recipient", Map.of("id", reply.recipientExternalId()),
                "messaging_type", "RESPONSE",
                "message", Map.of("text", reply.textWithLinks()));
        HttpRequest request = http.request(url(channel, channel.setting("pageId"), "messages"))
                .header("Content-Type", "application/json")
                .POST(http.json(body))
                .build();
        return http.send(request, json -> ProviderErrors.text(json.get("message_id")), GRAPH_ERRORS);
    }

    private SendOutcome replyToComment(ResolvedChannel channel, OutboundReply reply) {
        HttpRequest request = http.request(url(channel, reply.inReplyToExternalId(), "comments"))
                .header("Content-Type", "application/json")
                .POST(http.json(Map.of("message", reply.textWithLinks())))
                .build();
        return http.send(request, json -> ProviderErrors.text(json.get("id")), GRAPH_ERRORS);
    }

    /** {@code {base}/{version}/{node}/{edge}?access_token=…} (node ids are Graph's digits and underscores). */
    private String url(ResolvedChannel channel, String node, String edge) {
        var meta = config.providers().meta();
        return meta.baseUrl() + "/" + meta.apiVersion() + "/" + encode(node) + "/" + edge + "?access_token="
                + encode(channel.secret("pageAccessToken"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
