package io.switchboard.limits;

import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.TokenBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits how many channel keys that name no enabled channel one client address may ask for on the unauthenticated
 * paths: a token bucket per address, charged by each miss. An address whose bucket is empty gets 429, before any
 * lookup, for every key that has not named an enabled channel lately ({@code ChannelService#knownEnabled}): guessing
 * keys costs the service a cache hit at most. The buckets live in
 * this replica's memory, at most {@code max-addresses} of them.
 */
@ApplicationScoped
public class UnknownKeyLimiter {

    private final Clock clock;
    private final TokenBuckets buckets;

    public UnknownKeyLimiter(SwitchboardConfig config, Clock clock) {
        this.clock = clock;
        SwitchboardConfig.Limits.UnknownKeys limits = config.limits().unknownKeys();
        this.buckets = new TokenBuckets(limits.perMinute(), limits.burst(), limits.maxAddresses());
    }

    /** Empty when the address may still ask for an unknown key; otherwise how long until it may. */
    public Optional<Duration> check(String address) {
        return buckets.check(address, clock.instant());
    }

    /** Counts a request of this address for a key that named no enabled channel. */
    public void charge(String address) {
        buckets.charge(address, clock.instant());
    }
}
