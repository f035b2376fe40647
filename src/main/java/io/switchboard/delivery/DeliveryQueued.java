package io.switchboard.delivery;

/** A delivery became due now; fired in its transaction, heard by the local dispatcher once that commits. */
record DeliveryQueued(String deliveryId) {}
