package io.switchboard.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookSignatures;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.net.EgressPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Replies through an API channel: POSTed as JSON to the integration's {@code replyUrl}, with the delivery id as
 * {@code Idempotency-Key} (stable across retries, so the integration can drop a repeat) and, when the channel has a
 * {@code replySigningSecret}, {@code X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}. The
 * integration answers 2xx, optionally with {@code {"id": …}} (its id of the message); without one, ours is kept.
 */
@ApplicationScoped
public class ApiReplySender implements ReplySender {

    static final String SIGNATURE_HEADER = "X-Switchboard-Signature";

    private final ProviderHttp http;
    private final EgressPolicy egress;
    private final ObjectMapper mapper;

    public ApiReplySender(ProviderHttp http, EgressPolicy egress, ObjectMapper mapper) {
        this.http = http;
        this.egress = egress;
        this.mapper = mapper;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.API;
    }

    @Override
    public Optional<String> refusal(ResolvedChannel channel, OutboundReply reply, Instant at) {
        if (channel.setting(ApiChannel.REPLY_URL) == null) {
            return Optional.of("This API channel has no reply URL: set config.replyUrl to the integration's"
                    + " endpoint for replies");
        }
        return Optional.empty();
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        String url = channel.setting(ApiChannel.REPLY_URL);
        if (url == null) {
            return new SendOutcome.Permanent("This API channel has no reply URL");
        }
        // The tenant chose this URL: it must not lead into the platform's networks, whatever its name resolves to
        // now. Redirects are not followed (ProviderHttp), so this is the only host the request reaches.
        Optional<String> host = EgressPolicy.hostOf(url);
        if (host.isEmpty()) {
            return new SendOutcome.Permanent("The reply URL is not an http(s) URL with a host");
        }
        try {
            egress.checkBeforeConnecting(host.get());
        } catch (EgressPolicy.DestinationRefused e) {
            return new SendOutcome.Permanent("The reply URL is refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return new SendOutcome.Transient("The reply URL's host name does not resolve", null);
        }
        byte[] body = body(reply);
        HttpRequest.Builder request = http.request(url)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", reply.deliveryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String secret = channel.secret(ApiChannel.REPLY_SIGNING_SECRET);
        if (secret != null) {
            request.header(
                    SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(secret, body)));
        }
        return http.send(request.build(), json -> Optional.of(idOf(json).orElse(reply.messageId())));
    }

    private byte[] body(OutboundReply reply) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageId", reply.messageId());
        body.put("conversationId", reply.conversationId());
        body.put("recipient", reply.recipientExternalId());
        body.put("text", reply.text());
        body.put("attachments", reply.attachments());
        body.put("threadKey", integrationThreadKey(reply.threadKey()));
        body.put("inReplyTo", reply.inReplyToExternalId());
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The integration's own thread key (null for a person's private thread). */
    private static String integrationThreadKey(String threadKey) {
        return threadKey != null && threadKey.startsWith(ApiChannel.THREAD_PREFIX)
                ? threadKey.substring(ApiChannel.THREAD_PREFIX.length())
                : null;
    }

    private static Optional<String> idOf(JsonNode json) {
        JsonNode id = json.get("id");
        return id != null && id.isValueNode() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }
}
