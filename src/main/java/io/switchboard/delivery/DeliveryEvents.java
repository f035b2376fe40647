package io.switchboard.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.inbox.OutboundMessages;

/** Delivery changes as the message and its conversation's history record them. */
final class DeliveryEvents {

    private DeliveryEvents() {}

    /**
     * A change with the DELIVERY_UPDATED event's data: {@code messageId, deliveryId, status, attempts} and, when
     * known, {@code providerId} and {@code error}. Clients and the chat widget's stream read these names.
     */
    static OutboundMessages.DeliveryChange change(
            OutboundMessages messages,
            String deliveryId,
            String tenantId,
            String messageId,
            String conversationId,
            DeliveryStatus status,
            int attempts,
            String providerId,
            String error) {
        ObjectNode data = messages.eventData()
                .put("deliveryId", deliveryId)
                .put("status", status.name())
                .put("attempts", attempts);
        if (providerId != null) {
            data.put("providerId", providerId);
        }
        if (error != null) {
            data.put("error", error);
        }
        return new OutboundMessages.DeliveryChange(
                tenantId, conversationId, messageId, status.name(), providerId, data);
    }
}
