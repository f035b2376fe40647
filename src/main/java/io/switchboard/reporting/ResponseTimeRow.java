package io.switchboard.reporting;

import java.util.List;
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

        @Schema(
                description = "How the facts spread: counts of facts up to each bound (1 min, 5 min, 15 min, 1 h,"
                        + " 4 h, 24 h, 3 days, 7 days) and beyond the last (upToSeconds null); each fact in one bucket")
        List<Bucket> distribution,

        String drillDown) {

    /** Facts longer than the previous bucket's bound and at most upToSeconds (null: beyond the last bound). */
    @Schema(name = "ResponseTimeBucket")
    public record Bucket(Long upToSeconds, long count) {}
}
