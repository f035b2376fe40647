package io.switchboard.reporting;

import io.switchboard.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One operator in one period. */
public record OperatorWorkloadRow(
        String period,
        String operatorId,
        String operatorName,
        long handlingSeconds,

        @Schema(description = "Ended work sessions that started in the period")
        long sessions,

        @Schema(description = "Distinct conversations with handling time in the period")
        long conversations,

        @Schema(description = "Conversations the operator resolved in the period (RESOLUTION facts)")
        long conversationsResolved,

        @Schema(description = "Replies measured in the period (REPLY facts)")
        long replies,

        @Schema(description = "The operator's first responses measured in the period (FIRST_RESPONSE facts)")
        Times firstResponse,

        @Schema(
                description = "The operator's handling seconds per conversation: over the conversations with handling"
                        + " time of theirs in the period, each counted with the seconds of that period")
        Times handlingPerConversation,

        @Schema(description = "Seconds ONLINE (availability periods)")
        long availableSeconds,

        @Schema(description = "handlingSeconds / availableSeconds, 4 decimals; null without available time")
        Double utilisation,

        Money cost,
        List<Money> costs,
        long uncostedSeconds,
        DrillDown drillDown) {

    /** Count, mean (one decimal) and nearest-rank median of some seconds; mean and median null when there are none. */
    @Schema(name = "OperatorWorkloadTimes")
    public record Times(long count, Double meanSeconds, Long medianSeconds) {

        static Times of(long[] seconds) {
            if (seconds.length == 0) {
                return new Times(0, null, null);
            }
            long[] sorted = seconds.clone();
            Arrays.sort(sorted);
            long total = 0;
            for (long s : sorted) {
                total += s;
            }
            return new Times(
                    sorted.length,
                    BigDecimal.valueOf(total)
                            .divide(BigDecimal.valueOf(sorted.length), 1, RoundingMode.HALF_EVEN)
                            .doubleValue(),
                    ResponseTimeReport.nearestRank(sorted, 50));
        }
    }

    @Schema(name = "OperatorWorkloadDrillDown")
    public record DrillDown(String workSessions) {}
}
