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

        @Schema(
                description = "Where a reply is on its way: SCHEDULED, QUEUED, SENDING, SENT, DELIVERED, FAILED or"
                        + " CANCELLED; null for inbound messages and notes")
        String deliveryStatus,

        @Schema(
                description = "When a send-later reply goes out (or was due to); null for a reply sent at once, an"
                        + " inbound message or a note")
        Instant sendAt,

        @Schema(
                description = "Why a FAILED reply did not reach the contact, in the provider's words where it gave"
                        + " them; null otherwise")
        String failureReason,

        @Schema(description = "The operator who wrote an outbound message or note")
        String authorOperatorId,

        List<MessageAttachment> attachments) {}
