package io.switchboard.engagement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a published post's metrics are fetched: about 1 hour, 6 hours, 24 hours, 3 days, 7 days and 30 days after
 * publication, then never again. Most engagement comes in the first hours, so early fetches are close together;
 * the 30-day one gives the post's final figures. A fetch that comes late (a provider outage, a used-up read budget)
 * skips the fetches whose time has passed: one fetch, not a burst of them.
 */
public final class MetricsSchedule {

    public static final List<Duration> AFTER_PUBLICATION = List.of(
            Duration.ofHours(1),
            Duration.ofHours(6),
            Duration.ofHours(24),
            Duration.ofDays(3),
            Duration.ofDays(7),
            Duration.ofDays(30));

    /**
     * Insights (Facebook) are computed about once a day: they are asked for from the 24-hour fetch on, and not at
     * the earlier ones, where they would mostly be empty.
     */
    public static final Duration INSIGHTS_FROM = Duration.ofHours(24);

    private MetricsSchedule() {}

    static Instant first(Instant publishedAt) {
        return publishedAt.plus(AFTER_PUBLICATION.get(0));
    }

    /** The fetch after one made at {@code now}; empty when the schedule is over. */
    static Optional<Instant> next(Instant publishedAt, Instant now) {
        return AFTER_PUBLICATION.stream()
                .map(publishedAt::plus)
                .filter(at -> at.isAfter(now))
                .findFirst();
    }

    /** The last fetch of the schedule. */
    static Instant last(Instant publishedAt) {
        return publishedAt.plus(AFTER_PUBLICATION.get(AFTER_PUBLICATION.size() - 1));
    }

    static boolean withInsights(Instant publishedAt, Instant now) {
        // A minute's tolerance: the 24-hour fetch is due exactly then.
        return !now.plus(Duration.ofMinutes(1)).isBefore(publishedAt.plus(INSIGHTS_FROM));
    }
}
