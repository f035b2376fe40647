package io.switchboard.adapter.chat;

import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.TokenBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
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
    private final TokenBuckets buckets;

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
        this.buckets = new TokenBuckets(perMinute, burst, MAX_VISITORS);
    }

    /**
     * Takes one message from the visitor's allowance.
     *
     * @return empty when the message may be sent; otherwise how long until the visitor may send again
     */
    public Optional<Duration> tryAcquire(String channelId, String identifier) {
        return buckets.take(channelId + '\n' + identifier, clock.instant());
    }
}
