package io.switchboard.delivery;

/**
 * Deliveries became due now (a reply, or the deliveries of a publication): fired in their transaction, heard by
 * the local dispatcher once that commits.
 */
public record DeliveryQueued(String deliveryId) {}
