package io.switchboard.adapter.email;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * Documents the request body of {@link EmailWebhookResource} in the OpenAPI spec. Mailgun's field names
 * ({@code body-plain}, {@code Message-Id}) are not Java names, so the body is read as form fields, not bound to
 * this class.
 */
@Schema(
        name = "MailgunRouteForm",
        type = SchemaType.OBJECT,
        description = "The fields of a Mailgun route's forward action; other fields Mailgun sends are ignored",
        requiredProperties = {"timestamp", "token", "signature", "Message-Id"},
        properties = {
            @SchemaProperty(name = "timestamp", type = SchemaType.STRING, description = "Unix seconds, signed"),
            @SchemaProperty(name = "token", type = SchemaType.STRING, description = "Single-use, signed"),
            @SchemaProperty(
                    name = "signature",
                    type = SchemaType.STRING,
                    description = "hex HMAC-SHA256 of timestamp + token, keyed with the signing key"),
            @SchemaProperty(name = "Message-Id", type = SchemaType.STRING),
            @SchemaProperty(name = "In-Reply-To", type = SchemaType.STRING),
            @SchemaProperty(name = "References", type = SchemaType.STRING),
            @SchemaProperty(name = "from", type = SchemaType.STRING, description = "Author: name and address"),
            @SchemaProperty(name = "sender", type = SchemaType.STRING, description = "Envelope sender"),
            @SchemaProperty(name = "recipient", type = SchemaType.STRING),
            @SchemaProperty(name = "subject", type = SchemaType.STRING),
            @SchemaProperty(name = "body-plain", type = SchemaType.STRING),
            @SchemaProperty(
                    name = "stripped-text",
                    type = SchemaType.STRING,
                    description = "The reply without quoted text; preferred over body-plain"),
            @SchemaProperty(name = "Date", type = SchemaType.STRING),
            @SchemaProperty(
                    name = "attachment-1",
                    type = SchemaType.STRING,
                    format = "binary",
                    description = "Multipart only: attachment-1..N; name, type and size of up to 50 are recorded")
        })
final class MailgunRouteForm {

    private MailgunRouteForm() {}
}
