package io.switchboard.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.switchboard.common.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How fast each tenant sends requests of each {@link LimitClass}: a token bucket per tenant and class that holds
 * {@code burst} requests and refills at {@code perMinute}. The buckets live in this replica's memory (a bounded
 * cache; a bucket is forgotten once it would be full again, which changes nothing), so each replica enforces the
 * limit on the requests it sees: behind a load balancer that spreads a tenant's requests over N replicas, the
 * tenant gets up to N times the limit. That keeps the check off the database on the hot ingest path; the limit
 * guards the service against a flood, it is not a quota to bill.
 */
@ApplicationScoped
public class TenantRateLimiter {

    private static final long MAX_BUCKETS = 200_000;

    private final Clock clock;
    private final Cache<Key, TokenBucket> buckets;

    private record Key(String tenantId, LimitClass limitClass) {}

    public TenantRateLimiter(Clock clock) {
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfter(new Expiry<Key, TokenBucket>() {
                    @Override
                    public long expireAfterCreate(Key key, TokenBucket bucket, long currentTime) {
                        return bucket.nanosUntilFull();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, TokenBucket bucket, long currentTime, long currentDuration) {
                        return bucket.nanosUntilFull();
                    }

                    @Override
                    public long expireAfterRead(Key key, TokenBucket bucket, long currentTime, long currentDuration) {
                        return bucket.nanosUntilFull();
                    }
                })
                .build();
    }

    /**
     * Takes one request from the tenant's allowance.
     *
     * @return empty when the request may go on; otherwise how long until the tenant may send again
     */
    public Optional<Duration> acquire(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        return bucket(tenantId, limitClass, rate).take(clock.instant());
    }

    /** Whether a request may go on now, without taking from the allowance (see {@link #charge}). */
    public Optional<Duration> check(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        return bucket(tenantId, limitClass, rate).check(clock.instant());
    }

    /**
     * Counts one request that was let through by {@link #check}; concurrent ones may take the allowance below zero
     * (by at most one burst), which later requests wait off.
     */
    public void charge(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        bucket(tenantId, limitClass, rate).charge(clock.instant());
    }

    private TokenBucket bucket(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        Key key = new Key(tenantId, limitClass);
        TokenBucket bucket = buckets.get(key, k -> new TokenBucket(rate.perMinute(), rate.burst(), clock.instant()));
        if (bucket.perMinute() != rate.perMinute() || bucket.burst() != rate.burst()) {
            // The tenant's limits changed: a bucket of the new size, keeping the requests it has left.
            TokenBucket resized = bucket.resized(rate.perMinute(), rate.burst(), clock.instant());
            buckets.put(key, resized);
            return resized;
        }
        return bucket;
    }
}
