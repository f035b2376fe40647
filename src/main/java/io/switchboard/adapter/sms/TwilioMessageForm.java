package io.switchboard.adapter.sms;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * Documents the request body of {@link SmsWebhookResource} in the OpenAPI spec. The body is read as raw form
 * fields, not bound to this class: every field Twilio sends is signed, including those not listed here.
 */
@Schema(
        name = "TwilioMessageForm",
        type = SchemaType.OBJECT,
        description = "Twilio's messaging webhook parameters (others, such as FromCity, are signed and ignored)",
        requiredProperties = {"MessageSid", "AccountSid", "From"},
        properties = {
            @SchemaProperty(name = "MessageSid", type = SchemaType.STRING),
            @SchemaProperty(name = "AccountSid", type = SchemaType.STRING),
            @SchemaProperty(name = "From", type = SchemaType.STRING),
            @SchemaProperty(name = "To", type = SchemaType.STRING),
            @SchemaProperty(name = "Body", type = SchemaType.STRING),
            @SchemaProperty(name = "NumMedia", type = SchemaType.STRING),
            @SchemaProperty(name = "MediaUrl0", type = SchemaType.STRING, description = "MediaUrl0..N-1"),
            @SchemaProperty(
                    name = "MediaContentType0",
                    type = SchemaType.STRING,
                    description = "MediaContentType0..N-1")
        })
final class TwilioMessageForm {

    private TwilioMessageForm() {}
}
