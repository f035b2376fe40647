package io.switchboard.adapter.x;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookJson;
import io.switchboard.channel.WebhookSignatures;
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
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The webhook of an X channel, as the Account Activity API calls it: the challenge-response check (CRC) and
 * the signed deliveries of the account's DMs and mentions. Public, but bound to one channel by its key.
 */
@Path("/webhooks/x/{key}")
@Tag(name = "Webhooks")
@PermitAll
public class XWebhookResource {

    static final String SIGNATURE_HEADER = "x-twitter-webhooks-signature";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final ObjectMapper mapper;

    public XWebhookResource(ChannelService channels, InboundIngestor ingestor, ObjectMapper mapper) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.mapper = mapper;
    }

    /** The answer to a CRC: proof that we hold the consumer secret. */
    public record CrcResponse(
            @JsonProperty("response_token") String responseToken) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "X's challenge-response check: signs crc_token with the consumer secret")
    @APIResponse(
            responseCode = "200",
            description = "response_token is sha256= and the base64 HMAC-SHA256 of crc_token",
            content = @Content(schema = @Schema(implementation = CrcResponse.class)))
    @APIResponse(responseCode = "400", description = "No crc_token")
    @APIResponse(responseCode = "404", description = "No enabled X channel has this key")
    public CrcResponse answerXChallenge(@PathParam("key") String key, @QueryParam("crc_token") String crcToken) {
        ResolvedChannel channel = channel(key);
        if (crcToken == null || crcToken.isEmpty()) {
            throw InvalidRequestException.ofField("crc_token", "is required");
        }
        byte[] signature = WebhookSignatures.hmacSha256(
                channel.secret("consumerSecret"), crcToken.getBytes(StandardCharsets.UTF_8));
        return new CrcResponse(SIGNATURE_PREFIX + Base64.getEncoder().encodeToString(signature));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A signed delivery of account activity (DMs, mentions); acknowledged once stored",
            description = "The x-twitter-webhooks-signature header is sha256= and the base64 HMAC-SHA256 of the raw"
                    + " body under the consumer secret. Redelivering an event stores nothing twice. Events for"
                    + " another account than the channel's (for_user_id) are acknowledged and ignored.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(description = "Account Activity payload with for_user_id")))
    @APIResponse(responseCode = "200", description = "Every message of the delivery is stored")
    @APIResponse(responseCode = "400", description = "Signed, but not a readable delivery; nothing stored")
    @APIResponse(responseCode = "401", description = "Signature missing or wrong; nothing stored")
    @APIResponse(responseCode = "404", description = "No enabled X channel has this key")
    @APIResponse(responseCode = "503", description = "Busy; X redelivers later")
    public CompletionStage<Response> receiveXWebhook(
            @PathParam("key") String key, @HeaderParam(SIGNATURE_HEADER) String signature, byte[] body) {
        // Non-blocking: nothing here waits, so a delivery holds no worker thread (see SmsWebhookResource).
        return channels.requireByKeyAsync(key, ChannelKind.X).thenCompose(channel -> {
            byte[] raw = body == null ? new byte[0] : body;
            String consumerSecret = channel.secret("consumerSecret");
            if (consumerSecret == null
                    || !WebhookSignatures.matchesBase64(
                            signature, SIGNATURE_PREFIX, WebhookSignatures.hmacSha256(consumerSecret, raw))) {
                throw new InvalidSignatureException(SIGNATURE_HEADER + " is missing or does not match the body");
            }
            var messages = XWebhookReader.read(channel, WebhookJson.parse(mapper, raw));
            return ingestor.submitAll(messages)
                    .thenApply(stored -> Response.ok().build());
        });
    }

    private ResolvedChannel channel(String key) {
        return channels.requireByKey(key, ChannelKind.X);
    }
}
