package io.switchboard.staff;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every field is optional. */
public record UpdateOperatorRequest(
        @Schema(description = "A new hourly cost; it applies from effectiveFrom (default: now) until the next rate")
        @Valid
        HourlyCost hourlyCost,

        @Schema(
                description = "Concurrent conversations per channel kind, 0 to 100, e.g. {\"CHAT\": 3, \"EMAIL\": 20};"
                        + " null removes the operator's own value (the tenant's applies)")
        Map<String, Integer> capacity) {

    public record HourlyCost(
            @NotNull Long amountMinor,
            @NotBlank String currency,

            @Schema(
                    description = "When it applies from; default now. The first rate of an operator also covers"
                            + " their earlier work")
            Instant effectiveFrom) {}
}
