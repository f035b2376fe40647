package io.switchboard.reporting;

import io.switchboard.common.db.NativeRows;
import io.switchboard.reporting.ChannelCostReport.Figures;
import io.switchboard.reporting.ChannelCostReport.Key;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What each channel returns for the staff time it costs, per period: the channel-costs figures (conversation time
 * and cost, inbound messages, resolutions) beside what the channel's published posts got and how its followers
 * changed (the engagement package's snapshots and daily follower counts).
 *
 * <p>A post counts in the period of its publication (the tenant's local day), with its latest metrics snapshot
 * fetched before the end of the report's range: a report over a past month shows what the posts had got by the
 * month's end, and does not change when later fetches arrive. Followers at a period's start are the latest count
 * fetched at or before the period's first instant; at its end, the latest fetched before the period's end.
 */
@ApplicationScoped
public class ChannelReturnReport {

    private final ChannelCostReport costs;
    private final EntityManager em;

    ChannelReturnReport(ChannelCostReport costs, EntityManager em) {
        this.costs = costs;
        this.em = em;
    }

    /** Rows per (period, channel, kind) in order of period, kind, channel. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChannelReturnRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        Map<Key, Figures> figures = costs.figures(tenant, range, filter);
        Map<Key, long[]> posts = new TreeMap<>();
        Map<String, String> kinds = new HashMap<>();
        for (PostRow row : posts(tenant, range)) {
            String channel = row.channelId();
            String kind = row.channelKind();
            if (!filter.matches(channel, kind)) {
                continue;
            }
            kinds.put(channel, kind);
            long[] n = posts.computeIfAbsent(key(range, row.publishedAt(), channel, kind), k -> new long[7]);
            n[0]++;
            long[] figures6 = row.figures();
            for (int i = 1; i < 7; i++) {
                n[i] += figures6[i - 1];
            }
        }
        Map<String, NavigableMap<Instant, Long>> followers = new HashMap<>();
        for (FollowerRow row : followers(tenant, range)) {
            String channel = row.channelId();
            if (!filter.matches(channel, row.kind())) {
                continue;
            }
            kinds.put(channel, row.kind());
            followers.computeIfAbsent(channel, c -> new TreeMap<>()).put(row.fetchedAt(), row.followers());
        }
        Map<Key, long[]> broadcasts = new TreeMap<>();
        for (BroadcastRow row : broadcasts(tenant, range)) {
            String channel = row.channelId();
            String kind = row.kind();
            if (!filter.matches(channel, kind)) {
                continue;
            }
            long[] n = broadcasts.computeIfAbsent(new Key(row.period(), kind, channel), k -> new long[2]);
            n[0] += row.recipients();
            n[1] += row.replied();
        }
        // Every period of the range for the channels with follower counts; the others only where they have figures.
        TreeMap<Key, Boolean> keys = new TreeMap<>();
        figures.forEach((k, f) -> keys.put(k, !f.isEmpty()));
        posts.keySet().forEach(k -> keys.put(k, true));
        broadcasts.keySet().forEach(k -> keys.put(k, true));
        for (String channel : followers.keySet()) {
            for (LocalDate p = range.granularity().periodStart(range.fromDay());
                    p.isBefore(range.toDay());
                    p = range.granularity().next(p)) {
                keys.putIfAbsent(new Key(p, kinds.get(channel), channel), false);
            }
        }
        List<ChannelReturnRow> rows = new ArrayList<>();
        keys.forEach((key, hasFigures) -> {
            Figures f = figures.getOrDefault(key, new Figures());
            long[] n = posts.getOrDefault(key, new long[7]);
            NavigableMap<Instant, Long> counts = followers.get(key.channelKey());
            Instant start = range.startOf(key.period());
            Instant end = range.startOf(range.granularity().next(key.period()));
            Long followersStart = counts == null ? null : value(counts.floorEntry(start));
            Long followersEnd = counts == null ? null : value(counts.lowerEntry(end));
            Long change = followersStart == null || followersEnd == null ? null : followersEnd - followersStart;
            if (!hasFigures && (change == null || change == 0)) {
                return;
            }
            long engagements = n[2] + n[3] + n[4] + n[5] + n[6];
            long[] b = broadcasts.getOrDefault(key, new long[2]);
            CostSum total = f.totalCost();
            rows.add(new ChannelReturnRow(
                    key.period().toString(),
                    key.channelKey().isEmpty() ? null : key.channelKey(),
                    key.kind(),
                    f.handlingSeconds,
                    f.cost.cost(),
                    f.cost.costs(),
                    f.cost.uncostedSeconds(),
                    f.publishingSeconds,
                    f.publishing.cost(),
                    f.publishing.costs(),
                    f.totalSeconds(),
                    total.cost(),
                    total.costs(),
                    n[0],
                    n[1],
                    n[2],
                    n[3],
                    n[4],
                    n[5],
                    n[6],
                    engagements,
                    followersStart,
                    followersEnd,
                    change,
                    f.messagesIn,
                    f.resolved,
                    b[0],
                    b[1],
                    total.per(n[1], 1000),
                    total.per(engagements),
                    change == null ? null : total.per(change),
                    total.per(f.resolved),
                    new ChannelReturnRow.DrillDown(
                            DrillDowns.conversationWork(range, key.period(), key.channelKey(), key.kind()),
                            DrillDowns.publishingWork(range, key.period(), key.channelKey()),
                            DrillDowns.conversations(range, key.period(), "RESOLVED", key.channelKey(), key.kind()),
                            DrillDowns.conversations(range, key.period(), "MESSAGES_IN", key.channelKey(), key.kind()),
                            "/api/v1/posts?from=" + start + "&to=" + end)));
        });
        return rows;
    }

    /** One channel's exact figures over a whole range: the report's cost and return sides, not yet rounded. */
    record Totals(String channelKey, String kind, CostSum totalCost, long engagements, long resolved) {}

    /**
     * The figures of {@link #rows} summed per channel over the whole range, exact (costs are summed before any
     * rounding): total staff cost (conversations and publishing), engagements of the posts published in the range
     * (latest snapshot before its end), conversations resolved. Channels with none of these are left out.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Totals> totals(String tenant, ReportRange range) {
        Map<List<String>, CostSum> cost = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<List<String>, long[]> counts = new TreeMap<>(Comparator.comparing(Object::toString));
        costs.figures(tenant, range, new ChannelFilter(null, null)).forEach((key, f) -> {
            List<String> channel = List.of(key.kind(), key.channelKey());
            cost.merge(channel, f.totalCost(), CostSum::of);
            counts.computeIfAbsent(channel, c -> new long[2])[1] += f.resolved;
        });
        for (PostRow row : posts(tenant, range)) {
            long[] figures6 = row.figures();
            long engagements = 0;
            for (int i = 1; i < 6; i++) {
                engagements += figures6[i];
            }
            counts.computeIfAbsent(List.of(row.channelKind(), row.channelId()), c -> new long[2])[0] += engagements;
        }
        List<Totals> totals = new ArrayList<>();
        counts.forEach((channel, n) -> totals.add(
                new Totals(channel.get(1), channel.get(0), cost.getOrDefault(channel, new CostSum()), n[0], n[1])));
        cost.forEach((channel, sum) -> {
            if (!counts.containsKey(channel)) {
                totals.add(new Totals(channel.get(1), channel.get(0), sum, 0, 0));
            }
        });
        totals.sort(Comparator.comparing(Totals::kind).thenComparing(Totals::channelKey));
        return totals;
    }

    private static Key key(ReportRange range, Instant at, String channel, String kind) {
        return new Key(range.periodOf(at), kind, channel);
    }

    private static Long value(Map.Entry<Instant, Long> entry) {
        return entry == null ? null : entry.getValue();
    }

    /**
     * The posts published in the range: channel, kind, publication time, and the figures of the latest snapshot
     * fetched before the range's end (nulls without one).
     */
    private List<PostRow> posts(String tenant, ReportRange range) {
        return NativeRows.list(
                em.createNativeQuery("SELECT w.channel_id, w.channel_kind, w.published_at,"
                                + " s.views, s.reactions, s.comments, s.shares, s.quotes, s.bookmarks"
                                + " FROM post_metrics_watch w LEFT JOIN post_metrics_snapshot s ON s.id = (SELECT l.id FROM"
                                + " post_metrics_snapshot l WHERE l.delivery_id = w.delivery_id AND l.fetched_at < ?3"
                                + " ORDER BY l.fetched_at DESC, l.id DESC LIMIT 1)"
                                + " WHERE w.tenant_id = ?1 AND w.published_at >= ?2 AND w.published_at < ?3")
                        .setParameter(1, tenant)
                        .setParameter(2, range.fromInstant())
                        .setParameter(3, range.toInstant()),
                PostRow.class);
    }

    /** A post published in the range and the figures of its latest snapshot before the range's end. */
    private record PostRow(
            String channelId,
            String channelKind,
            Instant publishedAt,
            Long views,
            Long reactions,
            Long comments,
            Long shares,
            Long quotes,
            Long bookmarks) {

        /** Views, reactions, comments, shares, quotes, bookmarks; 0 without a snapshot. */
        long[] figures() {
            return new long[] {
                orZero(views), orZero(reactions), orZero(comments), orZero(shares), orZero(quotes), orZero(bookmarks)
            };
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }
    }

    /** Broadcast sends of one channel in one minute, and how many of them got a reply. */
    private record SendMinute(String channelId, String kind, Instant minute, long sent, long replied) {}

    /** Broadcast recipients of a channel in a period, and how many of them replied. */
    private record BroadcastRow(String channelId, String kind, LocalDate period, long recipients, long replied) {}

    private record FollowerRow(String channelId, String kind, Instant fetchedAt, long followers) {}

    /**
     * Broadcast recipients per channel and period of their send (SENT or DELIVERED, by the time it was sent), and how
     * many of them replied within 48 h: an inbound message on the channel, received in [sent, sent + 48 h), in a
     * conversation of the recipient's contact or of the contact holding the address it was sent to on the channel
     * (the A/B experiment's rule: a contact reached at its profile's number answers from that number). Rows:
     * channel, kind, first day of the period, recipients, replied.
     */
    private List<BroadcastRow> broadcasts(String tenant, ReportRange range) {
        String replyFrom = "SELECT 1 FROM conversation c JOIN message m ON m.conversation_id = c.id"
                + " AND m.direction = 'INBOUND' AND m.channel_id = d.channel_id AND m.received_at >= d.sent_at"
                + " AND m.received_at < d.sent_at + INTERVAL 48 HOUR WHERE c.tenant_id = ?1 AND";
        // Counted per minute of sending (every zone's midnight falls on a whole minute), into periods below; the
        // minute is the send time cut to its whole minute (still a UTC DATETIME).
        List<SendMinute> sends = NativeRows.list(
                em.createNativeQuery("SELECT channel_id, kind, minute, COUNT(*) AS sent, SUM(replied) AS replied FROM"
                                + " (SELECT d.channel_id, ch.kind,"
                                + " DATE_ADD(DATE(d.sent_at), INTERVAL HOUR(d.sent_at) * 60 + MINUTE(d.sent_at) MINUTE)"
                                + " AS minute,"
                                + " (EXISTS (" + replyFrom + " c.contact_id = d.recipient_contact_id) OR EXISTS ("
                                + replyFrom + " c.contact_id IN (SELECT ci.contact_id FROM contact_identity ci"
                                + " WHERE ci.channel_id = d.channel_id AND ci.external_id = d.recipient_address))) AS replied"
                                + " FROM delivery d JOIN publication_item i ON i.id = d.publication_item_id"
                                + " AND i.mode = 'BROADCAST' JOIN channel ch ON ch.id = d.channel_id"
                                + " WHERE d.tenant_id = ?1 AND d.status IN ('SENT', 'DELIVERED') AND d.sent_at >= ?2"
                                + " AND d.sent_at < ?3) sends GROUP BY channel_id, kind, minute")
                        .setParameter(1, tenant)
                        .setParameter(2, range.fromInstant())
                        .setParameter(3, range.toInstant()),
                SendMinute.class);
        Map<List<Object>, long[]> counts = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
        for (SendMinute send : sends) {
            LocalDate period = range.periodOf(send.minute());
            long[] n = counts.computeIfAbsent(List.of(send.channelId(), send.kind(), period), k -> new long[2]);
            n[0] += send.sent();
            n[1] += send.replied();
        }
        List<BroadcastRow> rows = new ArrayList<>();
        counts.forEach((k, n) ->
                rows.add(new BroadcastRow((String) k.get(0), (String) k.get(1), (LocalDate) k.get(2), n[0], n[1])));
        return rows;
    }

    /** The follower counts fetched before the range's end: channel, kind, fetch time, count. */
    private List<FollowerRow> followers(String tenant, ReportRange range) {
        return NativeRows.list(
                em.createNativeQuery("SELECT f.channel_id, c.kind, f.fetched_at, f.followers"
                                + " FROM channel_follower_count f JOIN channel c ON c.id = f.channel_id"
                                + " WHERE f.tenant_id = ?1 AND f.fetched_at < ?2")
                        .setParameter(1, tenant)
                        .setParameter(2, range.toInstant()),
                FollowerRow.class);
    }
}
