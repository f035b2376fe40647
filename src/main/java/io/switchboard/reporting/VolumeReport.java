package io.switchboard.reporting;

import io.switchboard.reporting.Rollups.CountDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic per channel kind and period, from the counted measures of {@code report_count_day}. Each measure is one
 * counted source; adding one (posts published, broadcast recipients) is a trigger filling a new measure, an entry
 * in {@link #MEASURES} and a field of {@link VolumeRow}.
 */
@ApplicationScoped
public class VolumeReport {

    /** The measures counted, in the order of the row's figures. */
    static final List<String> MEASURES = List.of("MESSAGES_IN", "MESSAGES_OUT", "DELIVERY_FAILED");

    private final Rollups rollups;

    VolumeReport(Rollups rollups) {
        this.rollups = rollups;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<VolumeRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        Map<LocalDate, Map<String, Map<String, Long>>> counts = new TreeMap<>();
        for (CountDay c : rollups.counts(tenant, range, filter.channelKey(), filter.kind(), MEASURES)) {
            counts.computeIfAbsent(range.granularity().periodStart(c.day()), p -> new TreeMap<>())
                    .computeIfAbsent(c.kind(), k -> new LinkedHashMap<>())
                    .merge(c.measure(), c.n(), Long::sum);
        }
        List<VolumeRow> rows = new ArrayList<>();
        counts.forEach((period, byKind) -> byKind.forEach((kind, n) -> {
            if (n.values().stream().allMatch(v -> v == 0)) {
                return;
            }
            rows.add(new VolumeRow(
                    period.toString(),
                    kind,
                    n.getOrDefault("MESSAGES_IN", 0L),
                    n.getOrDefault("MESSAGES_OUT", 0L),
                    n.getOrDefault("DELIVERY_FAILED", 0L),
                    new VolumeRow.DrillDown(
                            DrillDowns.conversations(range, period, "MESSAGES_IN", filter.channelKey(), kind),
                            DrillDowns.conversations(range, period, "MESSAGES_OUT", filter.channelKey(), kind),
                            DrillDowns.conversations(range, period, "DELIVERY_FAILED", filter.channelKey(), kind))));
        }));
        return rows;
    }
}
