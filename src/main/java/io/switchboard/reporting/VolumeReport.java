package io.switchboard.reporting;

import io.switchboard.common.db.NativeRows;
import io.switchboard.reporting.Rollups.CountDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic per channel kind and period: messages from the counted measures of {@code report_count_day}; posts
 * published and broadcast recipients from the publications' items, which record what each reached when the
 * publication ended (one row per page, account or audience per occurrence, bucketed by the occurrence's local day).
 */
@ApplicationScoped
public class VolumeReport {

    /** The measures counted, in the order of the row's figures. */
    static final List<String> MEASURES = List.of("MESSAGES_IN", "MESSAGES_OUT", "DELIVERY_FAILED");

    private final Rollups rollups;
    private final EntityManager em;

    VolumeReport(Rollups rollups, EntityManager em) {
        this.rollups = rollups;
        this.em = em;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<VolumeRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        Map<LocalDate, Map<String, Map<String, Long>>> counts = new TreeMap<>();
        for (CountDay c : rollups.counts(tenant, range, filter.channelKey(), filter.kind(), MEASURES)) {
            counts.computeIfAbsent(range.granularity().periodStart(c.day()), p -> new TreeMap<>())
                    .computeIfAbsent(c.kind(), k -> new LinkedHashMap<>())
                    .merge(c.measure(), c.n(), Long::sum);
        }
        for (Item item : publicationItems(tenant, range)) {
            String channel = item.channelId();
            String kind = item.kind();
            if ((filter.channelKey() != null && !filter.channelKey().equals(channel))
                    || (filter.kind() != null && !filter.kind().equals(kind))) {
                continue;
            }
            LocalDate day = item.occurrenceAt().atZone(range.zone()).toLocalDate();
            Map<String, Long> n = counts.computeIfAbsent(range.granularity().periodStart(day), p -> new TreeMap<>())
                    .computeIfAbsent(kind, k -> new LinkedHashMap<>());
            n.merge(
                    "FEED".equals(item.mode()) ? "POSTS_PUBLISHED" : "BROADCAST_RECIPIENTS",
                    number(item.sent()),
                    Long::sum);
            n.merge("DELIVERY_FAILED", number(item.failed()), Long::sum);
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
                    n.getOrDefault("POSTS_PUBLISHED", 0L),
                    n.getOrDefault("BROADCAST_RECIPIENTS", 0L),
                    n.getOrDefault("DELIVERY_FAILED", 0L),
                    new VolumeRow.DrillDown(
                            DrillDowns.conversations(range, period, "MESSAGES_IN", filter.channelKey(), kind),
                            DrillDowns.conversations(range, period, "MESSAGES_OUT", filter.channelKey(), kind),
                            calendar(range, period),
                            DrillDowns.conversations(range, period, "DELIVERY_FAILED", filter.channelKey(), kind))));
        }));
        return rows;
    }

    /** The ended publications' items in the range: occurrence, channel, kind, mode, sent, failed. */
    private List<Item> publicationItems(String tenant, ReportRange range) {
        return NativeRows.list(
                em.createNativeQuery("SELECT p.occurrence_at, i.channel_id, c.kind, i.mode, i.sent, i.failed"
                                + " FROM publication p JOIN publication_item i ON i.publication_id = p.id"
                                + " JOIN channel c ON c.id = i.channel_id"
                                + " WHERE p.tenant_id = ?1 AND p.occurrence_at >= ?2 AND p.occurrence_at < ?3"
                                + " AND i.sent IS NOT NULL")
                        .setParameter(1, tenant)
                        .setParameter(
                                2, range.fromDay().atStartOfDay(range.zone()).toInstant())
                        .setParameter(
                                3, range.toDay().atStartOfDay(range.zone()).toInstant()),
                Item.class);
    }

    private record Item(Instant occurrenceAt, String channelId, String kind, String mode, Long sent, Long failed) {}

    /** The calendar of the period: the posts and broadcasts behind its figures. */
    private static String calendar(ReportRange range, LocalDate period) {
        Instant from = period.atStartOfDay(range.zone()).toInstant();
        Instant to = range.granularity().next(period).atStartOfDay(range.zone()).toInstant();
        return "/api/v1/posts?from=" + from + "&to=" + to;
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }
}
