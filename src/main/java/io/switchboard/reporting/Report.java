package io.switchboard.reporting;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A report: its rows cover the local days {@code [from, to)} of {@code timeZone}, widened to whole periods. */
public record Report<T>(
        @Schema(description = "First local day covered") String from,

        @Schema(description = "Local day after the last one covered (exclusive)")
        String to,

        String timeZone,
        String groupBy,
        List<T> rows) {

    static <T> Report<T> of(ReportRange range, List<T> rows) {
        return new Report<>(
                range.fromDay().toString(),
                range.toDay().toString(),
                range.zone().getId(),
                range.granularity().name().toLowerCase(java.util.Locale.ROOT),
                rows);
    }
}
