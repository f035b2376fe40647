package io.switchboard.reporting;

import io.switchboard.reporting.Rollups.CountDay;
import io.switchboard.reporting.Rollups.Handled;
import io.switchboard.reporting.Rollups.WorkDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each channel costs and brings, per period: handling time and staff cost of ended work sessions (split by
 * local day, each second at the session's own hourly-cost snapshot), conversations worked on and resolved, messages
 * in and out. Read from the rollups only, so its time depends on days x channels, not on the raw rows.
 */
@ApplicationScoped
public class ChannelCostReport {

    static final List<String> MEASURES = List.of("MESSAGES_IN", "MESSAGES_OUT", "RESOLVED");

    private final Rollups rollups;

    ChannelCostReport(Rollups rollups) {
        this.rollups = rollups;
    }

    /** Rows per (period, channel, kind) in order of period, kind, channel. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChannelCostRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        Map<Key, Figures> figures = figures(tenant, range, filter);
        List<ChannelCostRow> rows = new ArrayList<>();
        figures.forEach((key, f) -> {
            if (f.isEmpty()) {
                return;
            }
            rows.add(new ChannelCostRow(
                    key.period.toString(),
                    key.channelKey.isEmpty() ? null : key.channelKey,
                    key.kind,
                    f.handlingSeconds,
                    f.cost.cost(),
                    f.cost.costs(),
                    f.cost.uncostedSeconds(),
                    f.handled,
                    f.resolved,
                    f.messagesIn,
                    f.messagesOut,
                    f.cost.per(f.resolved),
                    f.cost.per(f.messagesIn),
                    new ChannelCostRow.DrillDown(
                            DrillDowns.workSessions(range, key.period, key.channelKey, key.kind, null),
                            DrillDowns.conversations(range, key.period, "HANDLED", key.channelKey, key.kind),
                            DrillDowns.conversations(range, key.period, "RESOLVED", key.channelKey, key.kind),
                            DrillDowns.conversations(range, key.period, "MESSAGES_IN", key.channelKey, key.kind),
                            DrillDowns.conversations(range, key.period, "MESSAGES_OUT", key.channelKey, key.kind))));
        });
        return rows;
    }

    /** The cost side and the conversation figures per (period, kind, channel), exact (not yet rounded). */
    Map<Key, Figures> figures(String tenant, ReportRange range, ChannelFilter filter) {
        Map<Key, Figures> figures = new TreeMap<>();
        for (WorkDay w : rollups.work(tenant, range, filter.channelKey(), filter.kind())) {
            Figures f = figures.computeIfAbsent(key(range, w.day(), w.channelKey(), w.kind()), k -> new Figures());
            f.handlingSeconds += w.handlingSeconds();
            f.cost.add(w.currency(), w.handlingSeconds(), w.costMinorSeconds());
        }
        for (CountDay c : rollups.counts(tenant, range, filter.channelKey(), filter.kind(), MEASURES)) {
            Figures f = figures.computeIfAbsent(key(range, c.day(), c.channelKey(), c.kind()), k -> new Figures());
            switch (c.measure()) {
                case "MESSAGES_IN" -> f.messagesIn += c.n();
                case "MESSAGES_OUT" -> f.messagesOut += c.n();
                case "RESOLVED" -> f.resolved += c.n();
                default -> throw new IllegalStateException(c.measure());
            }
        }
        for (Handled h : rollups.handled(tenant, range, filter.channelKey(), filter.kind())) {
            figures.computeIfAbsent(new Key(h.periodStart(), h.kind(), h.channelKey()), k -> new Figures()).handled +=
                    h.conversations();
        }
        return figures;
    }

    static Key key(ReportRange range, LocalDate day, String channelKey, String kind) {
        return new Key(range.granularity().periodStart(day), kind, channelKey);
    }

    record Key(LocalDate period, String kind, String channelKey) implements Comparable<Key> {
        private static final Comparator<Key> ORDER =
                Comparator.comparing(Key::period).thenComparing(Key::kind).thenComparing(Key::channelKey);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    static final class Figures {
        long handlingSeconds;
        final CostSum cost = new CostSum();
        long handled;
        long resolved;
        long messagesIn;
        long messagesOut;

        boolean isEmpty() {
            return handlingSeconds == 0
                    && cost.costs().stream().allMatch(m -> m.amountMinor() == 0)
                    && handled == 0
                    && resolved == 0
                    && messagesIn == 0
                    && messagesOut == 0;
        }
    }
}
