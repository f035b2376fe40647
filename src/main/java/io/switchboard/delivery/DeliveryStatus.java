package io.switchboard.delivery;

/**
 * Where an outbound message is on its way to the contact. The message's {@code deliveryStatus} mirrors it.
 *
 * <pre>
 * SCHEDULED --sendAt--> SENDING --> SENT --receipt--> DELIVERED
 * QUEUED ------------->    |   \--> FAILED (permanent, or out of attempts; a receipt may also say so)
 *    ^--(transient, retry)-/
 * SCHEDULED, QUEUED --cancel--> CANCELLED
 * </pre>
 */
public enum DeliveryStatus {
    /** Waits for its send-later time; can be edited or cancelled. */
    SCHEDULED,
    /** Due (now, or at its next attempt after a transient failure); can be cancelled. */
    QUEUED,
    /** Claimed by a dispatcher, which is handing it to the provider. */
    SENDING,
    /** The provider accepted it; its id is recorded. */
    SENT,
    /** The provider reported it delivered to the contact. */
    DELIVERED,
    /** Refused for good, out of attempts, or reported undeliverable by the provider. */
    FAILED,
    /** Cancelled before it went out. */
    CANCELLED;

    /** Whether the dispatcher is done with it. */
    public boolean isFinal() {
        return this == SENT || this == DELIVERED || this == FAILED || this == CANCELLED;
    }
}
