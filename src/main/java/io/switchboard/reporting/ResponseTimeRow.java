package io.switchboard.reporting;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One measure (FIRST_RESPONSE, REPLY, RESOLUTION) of one channel kind or one operator in one period. Percentiles
 * are nearest-rank (the value at rank ceil(p x count)); the mean has one decimal.
 */
public record ResponseTimeRow(
        String period,
        @Schema(description = "CHANNEL_KIND or OPERATOR") String dimension,

        @Schema(description = "The channel kind or the operator id")
        String key,

        String measure,
        long count,
        long medianSeconds,
        long p90Seconds,
        double meanSeconds,

        @Schema(description = "The channel kind's first-response target; null for RESOLUTION, PHONE and operators")
        Long targetSeconds,

        @Schema(description = "Facts within the target (seconds <= target)")
        Long metTarget,

        @Schema(description = "metTarget / count, 4 decimals")
        Double metTargetShare,

        String drillDown) {}
