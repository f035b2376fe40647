package io.switchboard.staff;

import java.time.Instant;

/** An operator's availability changed. Fired synchronously inside the transaction that changed it. */
public record OperatorAvailabilityChanged(
        String tenantId, String operatorId, Availability from, Availability to, Instant at) {}
