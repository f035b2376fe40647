package io.switchboard.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One {@link TokenBucket} per key (a chat visitor, a client address), all of one size, in memory: at most
 * {@code maxKeys} of them (the least recently used are forgotten first), and a bucket idle until it is full again,
 * and a minute more, is forgotten too, which changes nothing.
 */
public final class TokenBuckets {

    private final int perMinute;
    private final int burst;
    private final Cache<String, TokenBucket> buckets;

    public TokenBuckets(int perMinute, int burst, long maxKeys) {
        if (perMinute < 1 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("A rate limit needs at least one request per minute, at once, and key");
        }
        this.perMinute = perMinute;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofMinutes(1)
                        .multipliedBy(burst)
                        .dividedBy(perMinute)
                        .plusMinutes(1))
                .build();
    }

    /** Takes one request from the key's allowance: empty when it may go on, otherwise how long until it may. */
    public Optional<Duration> take(String key, Instant now) {
        return bucket(key, now).take(now);
    }

    /** Whether the key has a request left, without spending it: empty when it has. */
    public Optional<Duration> check(String key, Instant now) {
        TokenBucket bucket = buckets.getIfPresent(key);
        return bucket == null ? Optional.empty() : bucket.check(now);
    }

    /** Spends one request of the key's allowance (see {@link TokenBucket#charge}). */
    public void charge(String key, Instant now) {
        bucket(key, now).charge(now);
    }

    private TokenBucket bucket(String key, Instant now) {
        return buckets.get(key, k -> new TokenBucket(perMinute, burst, now));
    }
}
