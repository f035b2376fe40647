package io.switchboard.staff;

import java.time.Instant;

/**
 * An operator's hourly cost changed from {@code effectiveFrom} on (for the first rate of an operator: for all
 * their work, earlier work included). Fired synchronously inside the transaction that stored the rate, so that
 * whatever keeps costs of past work (the handling-time log) is corrected in the same transaction.
 *
 * @param until when the next, already known, rate takes over; null when none does
 */
public record OperatorRateChanged(
        String tenantId, String operatorId, Instant effectiveFrom, Instant until, boolean firstRate) {}
