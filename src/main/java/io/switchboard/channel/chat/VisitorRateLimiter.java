package io.switchboard.channel.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Limits how fast one chat visitor (channel and identifier) sends messages: a token bucket per visitor that
 * holds {@code burst} messages and refills at {@code perMinute}. The buckets live in this replica's memory
 * (bounded; a bucket idle long enough to be full again is forgotten, which changes nothing), so each replica
 * enforces the limit on the requests it sees.
 */
@ApplicationScoped
public class VisitorRateLimiter {

    private static final long MAX_VISITORS = 200_000;

    private final Clock clock;
    /** Time one message costs; a bucket holds at most {@code burst} of them. Integer nanos keep it exact. */
    private final long costNanos;

    private final long capacityNanos;
    private final Cache<String, Bucket> buckets;

    @Inject
    public VisitorRateLimiter(SwitchboardConfig config, Clock clock) {
        this(
                clock,
                config.chat().rateLimit().perMinute(),
                config.chat().rateLimit().burst());
    }

    VisitorRateLimiter(Clock clock, int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("switchboard.chat.rate-limit.per-minute and .burst must be at least 1");
        }
        this.clock = clock;
        this.costNanos = Duration.ofMinutes(1).toNanos() / perMinute;
        this.capacityNanos = costNanos * burst;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_VISITORS)
                .expireAfterAccess(Duration.ofNanos(capacityNanos).plusMinutes(1))
                .build();
    }

    /**
     * Takes one message from the visitor's allowance.
     *
     * @return empty when the message may be sent; otherwise how long until the visitor may send again
     */
    public Optional<Duration> tryAcquire(String channelId, String identifier) {
        Instant now = clock.instant();
        return buckets.get(channelId + '\n' + identifier, k -> new Bucket(now)).take(now);
    }

    /** The allowance as time: it grows with elapsed time up to the capacity; each message spends its cost. */
    private final class Bucket {
        private long credit = capacityNanos;
        private Instant updated;

        Bucket(Instant now) {
            this.updated = now;
        }

        synchronized Optional<Duration> take(Instant now) {
            if (now.isAfter(updated)) {
                Duration elapsed = Duration.between(updated, now);
                long room = capacityNanos - credit;
                credit = elapsed.compareTo(Duration.ofNanos(room)) >= 0 ? capacityNanos : credit + elapsed.toNanos();
                updated = now;
            }
            if (credit >= costNanos) {
                credit -= costNanos;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(costNanos - credit));
        }
    }
}
