package io.switchboard.adapter.sms;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.http.FormFields;
import io.switchboard.delivery.DeliveryReceipts;
import io.switchboard.delivery.DeliveryStatus;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Twilio's status callback for messages we sent (the {@code StatusCallback} the SMS sender passes): delivered to
 * the handset, or not. Signed like the inbound webhook.
 */
@Path("/webhooks/sms/{key}/status")
@Tag(name = "Webhooks")
@PermitAll
public class SmsStatusCallbackResource {

    private final ChannelService channels;
    private final DeliveryReceipts receipts;
    private final SwitchboardConfig config;

    public SmsStatusCallbackResource(ChannelService channels, DeliveryReceipts receipts, SwitchboardConfig config) {
        this.channels = channels;
        this.receipts = receipts;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(
            summary = "Twilio message status callback (signed with X-Twilio-Signature)",
            description = "delivered moves the reply to DELIVERED, undelivered and failed to FAILED (with Twilio's"
                    + " error code); other statuses, unknown MessageSids and reports that would move a delivered"
                    + " reply backwards are acknowledged and change nothing. The delivery query parameter (set in"
                    + " the StatusCallback we pass) names our delivery, so a report that arrives before the"
                    + " message's sid is recorded is kept and applied when it is.")
    @APIResponse(responseCode = "204", description = "Acknowledged")
    @APIResponse(responseCode = "400", description = "No MessageSid or MessageStatus")
    @APIResponse(responseCode = "401", description = "Missing or invalid X-Twilio-Signature")
    @APIResponse(responseCode = "403", description = "Signed, but for another Twilio account than the channel's")
    @APIResponse(responseCode = "404", description = "No enabled SMS channel has this key")
    public Response receiveSmsStatus(
            @PathParam("key") String key,
            @Parameter(description = "Our delivery id, as put into the StatusCallback URL") @QueryParam("delivery")
                    String deliveryId,
            @Parameter(description = "base64 HMAC-SHA1 of URL and parameters, keyed with the auth token")
                    @HeaderParam("X-Twilio-Signature")
                    String signature,
            @Context HttpServerRequest request,
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                            schema = @Schema(implementation = TwilioStatusForm.class)))
                    byte[] body) {
        ResolvedChannel channel = channels.requireByKey(key, ChannelKind.SMS);
        FormFields form = TwilioSignature.verify(channel, config.publicBaseUrl(), request, body, signature);
        String sid = form.first("MessageSid");
        String status = form.first("MessageStatus");
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            throw new InvalidRequestException("A status callback carries MessageSid and MessageStatus", null);
        }
        switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "delivered", "read" -> receipts.receipt(channel.id(), deliveryId, sid, DeliveryStatus.DELIVERED, null);
            case "undelivered", "failed" ->
                receipts.receipt(channel.id(), deliveryId, sid, DeliveryStatus.FAILED, error(form));
            default -> {
                // queued, sending, sent, accepted…: steps we already know of.
            }
        }
        return Response.noContent().build();
    }

    private static String error(FormFields form) {
        String code = form.first("ErrorCode");
        String message = form.first("ErrorMessage");
        StringBuilder error = new StringBuilder("Twilio reported the message ")
                .append(form.first("MessageStatus").strip().toLowerCase(Locale.ROOT));
        if (code != null && !code.isBlank()) {
            error.append(" (error ").append(code.strip()).append(')');
        }
        if (message != null && !message.isBlank()) {
            error.append(": ").append(message.strip());
        }
        return error.toString();
    }
}
