package io.switchboard.reporting;

import io.switchboard.common.Money;
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

        @Schema(description = "Replies measured in the period (REPLY facts)")
        long replies,

        @Schema(description = "Seconds ONLINE (availability periods)")
        long availableSeconds,

        @Schema(description = "handlingSeconds / availableSeconds, 4 decimals; null without available time")
        Double utilisation,

        Money cost,
        List<Money> costs,
        long uncostedSeconds,
        DrillDown drillDown) {

    @Schema(name = "OperatorWorkloadDrillDown")
    public record DrillDown(String workSessions) {}
}
