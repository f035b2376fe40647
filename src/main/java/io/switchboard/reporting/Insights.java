package io.switchboard.reporting;

import io.switchboard.common.Money;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.reporting.ChannelReturnReport.Totals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Suggestions from the tenant's own history (issue 19, point 5): the hours of the week its posts on a channel did
 * best at, and the channels whose return for the staff time got worse.
 */
@ApplicationScoped
public class Insights {

    /** Rates are given with this many decimals (engagements per view). */
    static final int RATE_SCALE = 6;

    static final int MAX_MINIMUM_POSTS = 1000;
    static final int WEEKS = 4;

    private final EntityManager em;
    private final ChannelReturnReport channelReturn;
    private final Clock clock;
    private final int defaultMinimumPosts;

    Insights(
            EntityManager em,
            ChannelReturnReport channelReturn,
            Clock clock,
            @ConfigProperty(name = "switchboard.insights.minimum-posts", defaultValue = "3") int defaultMinimumPosts) {
        this.em = em;
        this.channelReturn = channelReturn;
        this.clock = clock;
        this.defaultMinimumPosts = defaultMinimumPosts;
    }

    /**
     * The hours of the week (in {@code zone}) ranked by the median engagement rate of the channel's past posts
     * published in them: each post target counted once, with its latest metrics snapshot, rate = (reactions +
     * comments + shares + quotes + bookmarks) / views; a post whose latest snapshot has no views is left out. Hours
     * with fewer than the minimum of posts are listed apart, without a median: nothing is suggested from them.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InsightsViews.PostingTimes postingTimes(String tenant, ZoneId zone, String channel, String minimumPosts) {
        List<io.switchboard.common.error.Problem.FieldError> errors = new ArrayList<>();
        if (channel == null || channel.isBlank()) {
            errors.add(new io.switchboard.common.error.Problem.FieldError("channel", "is required (a channel id)"));
        }
        int minimum = defaultMinimumPosts;
        if (minimumPosts != null && !minimumPosts.isBlank()) {
            try {
                minimum = Integer.parseInt(minimumPosts.strip());
            } catch (NumberFormatException e) {
                minimum = 0;
            }
        }
        if (minimum < 1 || minimum > MAX_MINIMUM_POSTS) {
            errors.add(new io.switchboard.common.error.Problem.FieldError(
                    "minimumPosts", "must be from 1 to " + MAX_MINIMUM_POSTS));
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        String kind = kindOf(tenant, channel.strip());
        List<Published> rows = NativeRows.list(
                em.createNativeQuery("SELECT w.published_at, s.views,"
                                + " COALESCE(s.reactions, 0) + COALESCE(s.comments, 0) + COALESCE(s.shares, 0)"
                                + " + COALESCE(s.quotes, 0) + COALESCE(s.bookmarks, 0) AS engagements"
                                + " FROM post_metrics_watch w JOIN post_metrics_snapshot s ON s.id = (SELECT l.id FROM"
                                + " post_metrics_snapshot l WHERE l.delivery_id = w.delivery_id"
                                + " ORDER BY l.fetched_at DESC, l.id DESC LIMIT 1)"
                                + " WHERE w.tenant_id = ?1 AND w.channel_id = ?2 AND w.published_at < ?3"
                                + " AND s.views > 0")
                        .setParameter(1, tenant)
                        .setParameter(2, channel.strip())
                        .setParameter(3, clock.instant()),
                Published.class);
        Map<Integer, List<BigDecimal[]>> byHour = new TreeMap<>();
        for (Published row : rows) {
            ZonedDateTime at = row.publishedAt().atZone(zone);
            int slot = (at.getDayOfWeek().getValue() - 1) * 24 + at.getHour();
            byHour.computeIfAbsent(slot, s -> new ArrayList<>())
                    .add(new BigDecimal[] {BigDecimal.valueOf(row.engagements()), BigDecimal.valueOf(row.views())});
        }
        int least = minimum;
        List<InsightsViews.Hour> ranked = new ArrayList<>();
        List<InsightsViews.Hour> tooFew = new ArrayList<>();
        byHour.forEach((slot, rates) -> {
            DayOfWeek day = DayOfWeek.of(slot / 24 + 1);
            int hour = slot % 24;
            if (rates.size() < least) {
                tooFew.add(new InsightsViews.Hour(null, day, hour, rates.size(), null));
            } else {
                ranked.add(new InsightsViews.Hour(null, day, hour, rates.size(), median(rates)));
            }
        });
        // Best first; ties by more posts, then by time of the week.
        ranked.sort(Comparator.comparing(InsightsViews.Hour::medianEngagementRate)
                .reversed()
                .thenComparing(
                        Comparator.comparingLong(InsightsViews.Hour::posts).reversed())
                .thenComparing(InsightsViews.Hour::dayOfWeek)
                .thenComparingInt(InsightsViews.Hour::hour));
        List<InsightsViews.Hour> numbered = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            InsightsViews.Hour h = ranked.get(i);
            numbered.add(new InsightsViews.Hour(i + 1, h.dayOfWeek(), h.hour(), h.posts(), h.medianEngagementRate()));
        }
        return new InsightsViews.PostingTimes(
                channel.strip(), kind, zone.getId(), minimum, rows.size(), numbered, tooFew);
    }

    /**
     * Each channel's total staff cost per engagement and per resolved conversation over the last 4 weeks (the 28
     * local days before today) and the 4 before, from the channel-return report's exact figures; a channel is flagged
     * when either figure is known in both spans (same currency) and grew.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InsightsViews.ChannelTrends channels(String tenant, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        ReportRange last = new ReportRange(zone, today.minusDays(7L * WEEKS), today, Granularity.DAY);
        ReportRange previous =
                new ReportRange(zone, today.minusDays(14L * WEEKS), today.minusDays(7L * WEEKS), Granularity.DAY);
        Map<List<String>, Totals> now = index(channelReturn.totals(tenant, last));
        Map<List<String>, Totals> before = index(channelReturn.totals(tenant, previous));
        Map<List<String>, Boolean> channels = new TreeMap<>(Comparator.comparing(Object::toString));
        now.keySet().forEach(k -> channels.put(k, true));
        before.keySet().forEach(k -> channels.put(k, true));
        List<InsightsViews.ChannelTrend> trends = new ArrayList<>();
        for (List<String> key : channels.keySet()) {
            InsightsViews.Span recent = span(last, now.get(key));
            InsightsViews.Span earlier = span(previous, before.get(key));
            boolean perEngagement = worse(now.get(key), before.get(key), true);
            boolean perResolved = worse(now.get(key), before.get(key), false);
            trends.add(new InsightsViews.ChannelTrend(
                    key.get(1).isEmpty() ? null : key.get(1),
                    key.get(0),
                    perEngagement || perResolved,
                    perEngagement,
                    perResolved,
                    recent,
                    earlier));
        }
        // Flagged first, then by kind and channel.
        trends.sort(Comparator.comparing((InsightsViews.ChannelTrend t) -> !t.flagged()));
        return new InsightsViews.ChannelTrends(zone.getId(), trends);
    }

    private static Map<List<String>, Totals> index(List<Totals> totals) {
        Map<List<String>, Totals> index = new HashMap<>();
        totals.forEach(t -> index.put(List.of(t.kind(), t.channelKey()), t));
        return index;
    }

    private static InsightsViews.Span span(ReportRange range, Totals t) {
        String from = range.fromDay().toString();
        String to = range.toDay().toString();
        if (t == null) {
            return new InsightsViews.Span(from, to, null, List.of(), 0, 0, null, null);
        }
        return new InsightsViews.Span(
                from,
                to,
                t.totalCost().cost(),
                t.totalCost().costs(),
                t.engagements(),
                t.resolved(),
                t.totalCost().per(t.engagements()),
                t.totalCost().per(t.resolved()));
    }

    /**
     * Whether the figure (total cost per engagement, or per resolved conversation) grew from the earlier span to the
     * recent one, compared exactly rather than on the rounded figures: cost_recent × units_earlier > cost_earlier ×
     * units_recent, both in one and the same currency, both denominators above zero.
     */
    private static boolean worse(Totals recent, Totals earlier, boolean perEngagement) {
        if (recent == null || earlier == null) {
            return false;
        }
        long recentUnits = perEngagement ? recent.engagements() : recent.resolved();
        long earlierUnits = perEngagement ? earlier.engagements() : earlier.resolved();
        Money recentCost = recent.totalCost().cost();
        Money earlierCost = earlier.totalCost().cost();
        if (recentUnits <= 0 || earlierUnits <= 0 || recentCost == null || earlierCost == null) {
            return false;
        }
        if (!recentCost.currency().equals(earlierCost.currency())) {
            return false;
        }
        return recent.totalCost()
                        .exact()
                        .multiply(BigDecimal.valueOf(earlierUnits))
                        .compareTo(earlier.totalCost().exact().multiply(BigDecimal.valueOf(recentUnits)))
                > 0;
    }

    private String kindOf(String tenant, String channel) {
        @SuppressWarnings("unchecked")
        List<Object> kinds = em.createNativeQuery("SELECT kind FROM channel WHERE id = ?1 AND tenant_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, tenant)
                .getResultList();
        if (kinds.isEmpty()) {
            throw new ResourceNotFoundException("Channel", channel);
        }
        return (String) kinds.get(0);
    }

    /** The median of the rates engagements / views: the middle one, or the mean of the two middle ones. */
    static BigDecimal median(List<BigDecimal[]> rates) {
        List<BigDecimal[]> sorted = new ArrayList<>(rates);
        // a/b < c/d  <=>  a·d < c·b (views are positive)
        sorted.sort((x, y) -> x[0].multiply(y[1]).compareTo(y[0].multiply(x[1])));
        int n = sorted.size();
        BigDecimal[] mid = sorted.get(n / 2);
        if (n % 2 == 1) {
            return mid[0].divide(mid[1], RATE_SCALE, RoundingMode.HALF_EVEN);
        }
        BigDecimal[] low = sorted.get(n / 2 - 1);
        // (a/b + c/d) / 2 = (a·d + c·b) / (2·b·d), rounded once
        return low[0].multiply(mid[1])
                .add(mid[0].multiply(low[1]))
                .divide(BigDecimal.valueOf(2).multiply(low[1]).multiply(mid[1]), RATE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A post of the channel with views, and its latest snapshot's figures. */
    private record Published(Instant publishedAt, long views, long engagements) {}
}
