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
    private final PublishingWork publishingWork;

    ChannelCostReport(Rollups rollups, PublishingWork publishingWork) {
        this.rollups = rollups;
        this.publishingWork = publishingWork;
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
            CostSum total = f.totalCost();
            rows.add(new ChannelCostRow(
                    key.period.toString(),
                    key.channelKey.isEmpty() ? null : key.channelKey,
                    key.kind,
                    f.totalSeconds(),
                    total.cost(),
                    total.costs(),
                    total.uncostedSeconds(),
                    f.publishingSeconds,
                    f.publishing.costs(),
                    f.handled,
                    f.resolved,
                    f.messagesIn,
                    f.messagesOut,
                    total.per(f.resolved),
                    total.per(f.messagesIn),
                    new ChannelCostRow.DrillDown(
                            DrillDowns.conversationWork(range, key.period, key.channelKey, key.kind),
                            DrillDowns.publishingWork(range, key.period, key.channelKey),
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
        // Publishing sessions are in the rollups under the channel and kind their row carries: taken out there
        // and counted on the post's channels (PublishingWork).
        PublishingWork.Split publishing = publishingWork.split(tenant, range, filter);
        for (WorkDay w : publishing.conversationWork(rollups.work(tenant, range, filter.channelKey(), filter.kind()))) {
            Figures f = figures.computeIfAbsent(key(range, w.day(), w.channelKey(), w.kind()), k -> new Figures());
            f.handlingSeconds += w.handlingSeconds();
            f.cost.add(w.currency(), w.handlingSeconds(), w.costMinorSeconds());
        }
        for (PublishingWork.Piece p : publishing.publishing()) {
            Figures f = figures.computeIfAbsent(key(range, p.day(), p.channelKey(), p.kind()), k -> new Figures());
            f.publishingSeconds += p.seconds();
            f.publishing.add(p.currency(), p.seconds(), p.cost());
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
        /** Conversation (and other non-publishing) work. */
        long handlingSeconds;

        final CostSum cost = new CostSum();
        /** Work on posts, dealt out to their channels. */
        long publishingSeconds;

        final CostSum publishing = new CostSum();
        long handled;
        long resolved;
        long messagesIn;
        long messagesOut;

        long totalSeconds() {
            return handlingSeconds + publishingSeconds;
        }

        CostSum totalCost() {
            return CostSum.of(cost, publishing);
        }

        boolean isEmpty() {
            return handlingSeconds == 0
                    && publishingSeconds == 0
                    && cost.costs().stream().allMatch(m -> m.amountMinor() == 0)
                    && publishing.costs().stream().allMatch(m -> m.amountMinor() == 0)
                    && handled == 0
                    && resolved == 0
                    && messagesIn == 0
                    && messagesOut == 0;
        }
    }
}
