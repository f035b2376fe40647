package io.switchboard.limits;

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
 * Limits how many channel keys that name no enabled channel one client address may ask for on the unauthenticated
 * paths: a token bucket per address, charged by each miss. An address whose bucket is empty gets 429 for every key
 * not known to be good, before any lookup: guessing keys costs the service a cache hit at most. The buckets live in
 * this replica's memory, at most {@code max-addresses} of them (a bucket idle until it is full again is forgotten,
 * which changes nothing).
 */
@ApplicationScoped
public class UnknownKeyLimiter {

    private final Clock clock;
    private final int perMinute;
    private final int burst;
    private final Cache<String, TokenBucket> buckets;

    @Inject
    public UnknownKeyLimiter(SwitchboardConfig config, Clock clock) {
        this(
                clock,
                config.limits().unknownKeys().perMinute(),
                config.limits().unknownKeys().burst(),
                config.limits().unknownKeys().maxAddresses());
    }

    UnknownKeyLimiter(Clock clock, int perMinute, int burst, int maxAddresses) {
        if (perMinute < 1 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException(
                    "switchboard.limits.unknown-keys.per-minute, .burst and .max-addresses must be at least 1");
        }
        this.clock = clock;
        this.perMinute = perMinute;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterAccess(Duration.ofMinutes(1)
                        .multipliedBy(burst)
                        .dividedBy(perMinute)
                        .plusMinutes(1))
                .build();
    }

    /** Empty when the address may still ask for an unknown key; otherwise how long until it may. */
    public Optional<Duration> check(String address) {
        TokenBucket bucket = buckets.getIfPresent(address);
        return bucket == null ? Optional.empty() : bucket.check(clock.instant());
    }

    /** Counts a request of this address for a key that named no enabled channel. */
    public void charge(String address) {
        Instant now = clock.instant();
        buckets.get(address, a -> new TokenBucket(perMinute, burst, now)).charge(now);
    }
}
