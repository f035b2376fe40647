package io.switchboard.inbox;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record MessageView(
        String id,

        @Schema(description = "INBOUND from the contact, OUTBOUND to them, NOTE internal")
        MessageDirection direction,

        String text,

        @Schema(description = "When it was written, by the provider's clock where it tells")
        Instant createdAt,

        @Schema(description = "The provider's id of the message")
        String externalId,

        String deliveryStatus,

        @Schema(description = "The operator who wrote an outbound message or note")
        String authorOperatorId,

        List<MessageAttachment> attachments) {}
