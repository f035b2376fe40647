package io.switchboard.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Cache<Key, Bucket> buckets;

    private record Key(String tenantId, LimitClass limitClass) {}

    public TenantRateLimiter(Clock clock) {
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfter(new Expiry<Key, Bucket>() {
                    @Override
                    public long expireAfterCreate(Key key, Bucket bucket, long currentTime) {
                        return bucket.nanosUntilFull();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Bucket bucket, long currentTime, long currentDuration) {
                        return bucket.nanosUntilFull();
                    }

                    @Override
                    public long expireAfterRead(Key key, Bucket bucket, long currentTime, long currentDuration) {
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
        return bucket(tenantId, limitClass, rate).take(clock.instant(), false);
    }

    /** Whether a request may go on now, without taking from the allowance (see {@link #charge}). */
    public Optional<Duration> check(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        return bucket(tenantId, limitClass, rate).take(clock.instant(), true);
    }

    /**
     * Counts one request that was let through by {@link #check}; concurrent ones may take the allowance below zero
     * (by at most one burst), which later requests wait off.
     */
    public void charge(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        bucket(tenantId, limitClass, rate).charge(clock.instant());
    }

    private Bucket bucket(String tenantId, LimitClass limitClass, TenantLimits.Rate rate) {
        Key key = new Key(tenantId, limitClass);
        Bucket bucket = buckets.get(key, k -> new Bucket(rate, clock.instant()));
        if (!bucket.rate.equals(rate)) {
            // The tenant's limits changed: a bucket of the new size, keeping the requests it has left.
            Bucket resized = bucket.resized(rate, clock.instant());
            buckets.put(key, resized);
            return resized;
        }
        return bucket;
    }

    /** The allowance as time: it grows with elapsed time up to the capacity; each request spends its cost. */
    private static final class Bucket {
        private final TenantLimits.Rate rate;
        /** Time one request costs; a bucket holds at most {@code burst} of them. Integer nanos keep it exact. */
        private final long costNanos;

        private final long capacityNanos;
        private long credit;
        private Instant updated;

        Bucket(TenantLimits.Rate rate, Instant now) {
            this(rate, now, -1);
        }

        private Bucket(TenantLimits.Rate rate, Instant now, long credit) {
            this.rate = rate;
            this.costNanos = Duration.ofMinutes(1).toNanos() / rate.perMinute();
            this.capacityNanos = costNanos * rate.burst();
            this.credit = credit < 0 ? capacityNanos : Math.min(credit, capacityNanos);
            this.updated = now;
        }

        synchronized Bucket resized(TenantLimits.Rate newRate, Instant now) {
            refill(now);
            long requestsLeft = Math.max(0, credit) / costNanos;
            return new Bucket(
                    newRate, now, requestsLeft * (Duration.ofMinutes(1).toNanos() / newRate.perMinute()));
        }

        synchronized Optional<Duration> take(Instant now, boolean onlyCheck) {
            refill(now);
            if (credit >= costNanos) {
                if (!onlyCheck) {
                    credit -= costNanos;
                }
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(costNanos - credit));
        }

        synchronized void charge(Instant now) {
            refill(now);
            credit = Math.max(credit - costNanos, -capacityNanos);
        }

        synchronized long nanosUntilFull() {
            // Once full again, forgetting the bucket changes nothing; a minute more keeps busy tenants' buckets.
            return capacityNanos - credit + Duration.ofMinutes(1).toNanos();
        }

        private void refill(Instant now) {
            if (now.isAfter(updated)) {
                Duration elapsed = Duration.between(updated, now);
                long room = capacityNanos - credit;
                credit = elapsed.compareTo(Duration.ofNanos(room)) >= 0 ? capacityNanos : credit + elapsed.toNanos();
                updated = now;
            }
        }
    }
}
