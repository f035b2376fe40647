package io.switchboard.reporting;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One measure (FIRST_RESPONSE, REPLY, RESOLUTION) of one channel kind, one channel or one operator in one period.
 * Percentiles are nearest-rank (the value at rank ceil(p x count)); the mean has one decimal. Times count business
 * time only when the tenant has business hours.
 */
public record ResponseTimeRow(
        String period,

        @Schema(description = "CHANNEL_KIND, CHANNEL or OPERATOR (in this order within a period)")
        String dimension,

        @Schema(description = "The channel kind, the channel id or the operator id")
        String key,

        String measure,
        long count,

        @Schema(
                description = "Median of the times in seconds: the time from start to end, or, when the tenant has"
                        + " business hours, only the business time between them (a message on Friday evening"
                        + " answered on Monday at 09:45 with the office opening at 09:00 counts 45 min)")
        long medianSeconds,

        @Schema(description = "90th percentile of the times, counted as medianSeconds")
        long p90Seconds,

        @Schema(description = "Mean of the times, counted as medianSeconds")
        double meanSeconds,

        @Schema(
                description = "The first-response target: the channel's own, else its kind's (CHANNEL rows); the"
                        + " kind's default (CHANNEL_KIND rows, whose channels may each set their own); null for"
                        + " RESOLUTION, PHONE and operators")
        Long targetSeconds,

        @Schema(
                description = "Facts within their channel's target (counted seconds, business time when the tenant"
                        + " has business hours, <= the target of the fact's channel); null without a target")
        Long metTarget,

        @Schema(description = "metTarget / count, 4 decimals")
        Double metTargetShare,

        @Schema(
                description =
                        "How the facts (their counted seconds) spread: counts of facts up to each bound (1 min, 5 min, 15 min, 1 h,"
                                + " 4 h, 24 h, 3 days, 7 days) and beyond the last (upToSeconds null); each fact in one bucket")
        List<Bucket> distribution,

        String drillDown) {

    /** Facts longer than the previous bucket's bound and at most upToSeconds (null: beyond the last bound). */
    @Schema(name = "ResponseTimeBucket")
    public record Bucket(Long upToSeconds, long count) {}
}
