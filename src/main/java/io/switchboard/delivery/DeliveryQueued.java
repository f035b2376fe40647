package io.switchboard.delivery;

/**
 * Deliveries became due now (a reply, or the deliveries of a publication): fired in their transaction, heard by
 * the local dispatcher once that commits.
 */
public record DeliveryQueued(String id, boolean publication) {

    /** A reply's delivery, by its id. */
    public static DeliveryQueued reply(String deliveryId) {
        return new DeliveryQueued(deliveryId, false);
    }

    /** A publication's deliveries, by the publication's id. */
    public static DeliveryQueued publication(String publicationId) {
        return new DeliveryQueued(publicationId, true);
    }
}
