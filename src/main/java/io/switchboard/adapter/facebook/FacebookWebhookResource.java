package io.switchboard.adapter.facebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookJson;
import io.switchboard.channel.WebhookSignatures;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.InvalidSignatureException;
import io.switchboard.inbox.InboundIngestor;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The webhook of a Facebook channel, as Meta's Graph API calls it: the subscription handshake and the signed
 * deliveries of a page's Messenger messages and comments. Public, but bound to one channel by its key.
 */
@Path("/webhooks/facebook/{key}")
@Tag(name = "Webhooks")
@PermitAll
public class FacebookWebhookResource {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final ObjectMapper mapper;

    public FacebookWebhookResource(ChannelService channels, InboundIngestor ingestor, ObjectMapper mapper) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Meta's subscription handshake: echoes hub.challenge when hub.verify_token matches")
    @APIResponse(responseCode = "200", description = "The challenge, echoed")
    @APIResponse(responseCode = "403", description = "Not a subscription, or the verify token does not match")
    @APIResponse(responseCode = "404", description = "No enabled Facebook channel has this key")
    public String verifyFacebookWebhook(
            @PathParam("key") String key,
            @QueryParam("hub.mode") String mode,
            @QueryParam("hub.verify_token") String verifyToken,
            @QueryParam("hub.challenge") String challenge) {
        ResolvedChannel channel = channel(key);
        boolean tokenMatches = WebhookSignatures.sameSecret(verifyToken, channel.secret("verifyToken"));
        if (!"subscribe".equals(mode) || !tokenMatches) {
            throw new AccessDeniedException("hub.mode must be subscribe and hub.verify_token the channel's token");
        }
        if (challenge == null || challenge.isEmpty()) {
            throw InvalidRequestException.ofField("hub.challenge", "is required");
        }
        return challenge;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "A signed delivery of page events (Messenger messages, comments); acknowledged once stored",
            description = "The X-Hub-Signature-256 header is sha256= and the hex HMAC-SHA256 of the raw body under"
                    + " the app secret. Deliveries are batches of entries; redelivering one stores nothing twice.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(description = "Graph API webhook payload with object \"page\"")))
    @APIResponse(responseCode = "200", description = "Every message of the delivery is stored: EVENT_RECEIVED")
    @APIResponse(responseCode = "400", description = "Signed, but not a readable delivery; nothing stored")
    @APIResponse(responseCode = "401", description = "Signature missing or wrong; nothing stored")
    @APIResponse(responseCode = "404", description = "No enabled Facebook channel has this key")
    @APIResponse(responseCode = "503", description = "Busy; Meta redelivers later")
    public CompletionStage<String> receiveFacebookWebhook(
            @PathParam("key") String key, @HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        // Non-blocking: nothing here waits, so a delivery holds no worker thread (see SmsWebhookResource).
        return channels.requireByKeyAsync(key, ChannelKind.FACEBOOK).thenCompose(channel -> {
            byte[] raw = body == null ? new byte[0] : body;
            String appSecret = channel.secret("appSecret");
            if (appSecret == null
                    || !WebhookSignatures.matchesHex(
                            signature, SIGNATURE_PREFIX, WebhookSignatures.hmacSha256(appSecret, raw))) {
                throw new InvalidSignatureException(SIGNATURE_HEADER + " is missing or does not match the body");
            }
            var messages = FacebookWebhookReader.read(channel, WebhookJson.parse(mapper, raw));
            return ingestor.submitAll(messages).thenApply(stored -> "EVENT_RECEIVED");
        });
    }

    private ResolvedChannel channel(String key) {
        return channels.requireByKey(key, ChannelKind.FACEBOOK);
    }
}
