package io.switchboard.channel.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.TokenBucket;
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
    private final int perMinute;
    private final int burst;
    private final Cache<String, TokenBucket> buckets;

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
        this.perMinute = perMinute;
        this.burst = burst;
        // A bucket idle until it is full again (burst / perMinute) and a minute more is forgotten.
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_VISITORS)
                .expireAfterAccess(Duration.ofMinutes(1)
                        .multipliedBy(burst)
                        .dividedBy(perMinute)
                        .plusMinutes(1))
                .build();
    }

    /**
     * Takes one message from the visitor's allowance.
     *
     * @return empty when the message may be sent; otherwise how long until the visitor may send again
     */
    public Optional<Duration> tryAcquire(String channelId, String identifier) {
        Instant now = clock.instant();
        return buckets.get(channelId + '\n' + identifier, k -> new TokenBucket(perMinute, burst, now))
                .take(now);
    }
}
