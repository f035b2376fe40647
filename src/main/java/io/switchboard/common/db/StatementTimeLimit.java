package io.switchboard.common.db;

import jakarta.enterprise.context.RequestScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * How long each SQL statement of the current unit of work may run: set for API reads when they are admitted, unset
 * (no limit) for everything else, such as writes, webhooks and background jobs. {@link StatementTimeLimits} applies
 * it to every connection the unit of work takes from the pool.
 */
@RequestScoped
public class StatementTimeLimit {

    private Duration limit;

    public Optional<Duration> limit() {
        return Optional.ofNullable(limit);
    }

    public void set(Duration limit) {
        this.limit = limit;
    }
}
