package io.switchboard.adapter.sms;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * Documents the request body of {@link SmsStatusCallbackResource} in the OpenAPI spec. The body is read as raw
 * form fields, not bound to this class: every field Twilio sends is signed, including those not listed here.
 */
@Schema(
        name = "TwilioStatusForm",
        type = SchemaType.OBJECT,
        description = "Twilio's message status callback parameters (others, such as SmsSid, are signed and ignored)",
        requiredProperties = {"MessageSid", "MessageStatus"},
        properties = {
            @SchemaProperty(name = "MessageSid", type = SchemaType.STRING),
            @SchemaProperty(name = "AccountSid", type = SchemaType.STRING),
            @SchemaProperty(
                    name = "MessageStatus",
                    type = SchemaType.STRING,
                    description = "delivered (and read) and undelivered or failed change the delivery; queued, sending"
                            + " and sent are acknowledged and ignored"),
            @SchemaProperty(name = "ErrorCode", type = SchemaType.STRING),
            @SchemaProperty(name = "ErrorMessage", type = SchemaType.STRING)
        })
final class TwilioStatusForm {

    private TwilioStatusForm() {}
}
