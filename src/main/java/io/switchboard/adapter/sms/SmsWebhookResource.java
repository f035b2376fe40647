package io.switchboard.adapter.sms;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.http.FormFields;
import io.switchboard.inbox.InboundIngestor;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Twilio's inbound message webhook: an SMS or MMS sent to the channel's number. */
@Path("/webhooks/sms/{key}")
@Tag(name = "Webhooks")
@PermitAll
public class SmsWebhookResource {

    /** TwiML that tells Twilio to send no automatic reply: operators answer from the inbox. */
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final SwitchboardConfig config;

    public SmsWebhookResource(ChannelService channels, InboundIngestor ingestor, SwitchboardConfig config) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_XML)
    @Operation(
            summary = "Twilio inbound message webhook (signed with X-Twilio-Signature)",
            description = "Answered with empty TwiML once the message is stored; a repeated MessageSid stores"
                    + " nothing more and is answered the same way.")
    @APIResponse(
            responseCode = "200",
            description = "Stored (or stored earlier)",
            content = @Content(mediaType = MediaType.TEXT_XML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Not a complete Twilio message")
    @APIResponse(responseCode = "401", description = "Missing or invalid X-Twilio-Signature")
    @APIResponse(responseCode = "403", description = "Signed, but for another Twilio account than the channel's")
    @APIResponse(responseCode = "404", description = "No enabled SMS channel has this key")
    @APIResponse(responseCode = "503", description = "Busy; Twilio retries")
    public CompletionStage<Response> receiveSmsWebhook(
            @PathParam("key") String key,
            @Parameter(description = "base64 HMAC-SHA1 of URL and parameters, keyed with the auth token")
                    @HeaderParam("X-Twilio-Signature")
                    String signature,
            @Context HttpServerRequest request,
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                            schema = @Schema(implementation = TwilioMessageForm.class)))
                    byte[] body) {
        // Non-blocking: the body is read on the event loop and nothing here waits, so a webhook costs no worker
        // thread; the channel comes from the cache (the database only on a miss, off the event loop).
        return channels.requireByKeyAsync(key, ChannelKind.SMS).thenCompose(channel -> {
            FormFields form = TwilioSignature.verify(channel, config.publicBaseUrl(), request, body, signature);
            return ingestor.submit(TwilioInboundSms.toInbound(channel, form))
                    .thenApply(stored ->
                            Response.ok(EMPTY_TWIML, MediaType.TEXT_XML_TYPE).build());
        });
    }
}
