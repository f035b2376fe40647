package io.switchboard.staff;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of an operator's hourly-cost history. */
public record RateView(
        long amountMinor,
        String currency,

        @Schema(description = "It applies from then until the next entry's effectiveFrom")
        Instant effectiveFrom,

        @Schema(description = "The operator who set it") String setBy,

        Instant createdAt) {

    static RateView of(OperatorRate rate) {
        return new RateView(rate.amountMinor, rate.currency, rate.effectiveFrom, rate.setByOperatorId, rate.createdAt);
    }
}
