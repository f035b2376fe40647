package io.switchboard.limits;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The limits of each tenant: the platform's defaults ({@code switchboard.limits.*}) unless the tenant's admins set
 * their own (table {@code tenant_limits}), never above the platform's maxima. Read on every request of the hot
 * paths, so each replica keeps them in memory and reloads a tenant's in the background every 30 s: a change made
 * on another replica takes effect here within that time (at once on the replica that made it).
 */
@ApplicationScoped
public class TenantLimitSettings {

    static final Duration REFRESH = Duration.ofSeconds(30);

    private final SwitchboardConfig.Limits config;
    private final AgroalDataSource dataSource;
    private final EntityManager em;
    private final Clock clock;
    private final AsyncLoadingCache<String, Loaded> cache;

    /** What the tenant set (nulls: defaults) and what is in force. */
    record Loaded(LimitSettingsRequest overrides, TenantLimits limits) {}

    TenantLimitSettings(SwitchboardConfig config, AgroalDataSource dataSource, EntityManager em, Clock clock) {
        this.config = config.limits();
        this.dataSource = dataSource;
        this.em = em;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(REFRESH)
                .expireAfterAccess(Duration.ofMinutes(10))
                .executor(Infrastructure.getDefaultWorkerPool())
                .buildAsync(this::load);
    }

    /** The tenant's limits; completes at once unless this replica has not read them in the last minutes. */
    public CompletableFuture<TenantLimits> limitsAsync(String tenantId) {
        return cache.get(tenantId).thenApply(Loaded::limits);
    }

    /** The tenant's limits (blocks on a cache miss: not on the event loop). */
    public TenantLimits limits(String tenantId) {
        return cache.get(tenantId).join().limits();
    }

    /** What the tenant set itself (null fields: the platform's defaults). */
    public LimitSettingsRequest overrides(String tenantId) {
        return cache.get(tenantId).join().overrides();
    }

    public LimitSettingsView.Maximums maximums() {
        return new LimitSettingsView.Maximums(
                config.api().maxPerMinute(),
                config.publicEndpoints().maxPerMinute(),
                config.smsPerDayMax(),
                config.emailPerDayMax());
    }

    /** Replaces the tenant's own limits (400 above a maximum); in force on this replica at once. */
    public TenantLimits update(String tenantId, LimitSettingsRequest request) {
        List<Problem.FieldError> problems = new ArrayList<>();
        checkRate(problems, "api", request.api(), config.api().maxPerMinute());
        checkRate(
                problems,
                "publicEndpoints",
                request.publicEndpoints(),
                config.publicEndpoints().maxPerMinute());
        checkMax(problems, "smsPerDay", request.smsPerDay(), config.smsPerDayMax());
        checkMax(problems, "emailPerDay", request.emailPerDay(), config.emailPerDayMax());
        if (!problems.isEmpty()) {
            throw InvalidRequestException.ofFields(problems);
        }
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("INSERT INTO tenant_limits (tenant_id,"
                                + " api_per_minute, api_burst, public_per_minute, public_burst, sms_per_day, email_per_day,"
                                + " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON DUPLICATE KEY UPDATE"
                                + " api_per_minute = VALUES(api_per_minute), api_burst = VALUES(api_burst),"
                                + " public_per_minute = VALUES(public_per_minute), public_burst = VALUES(public_burst),"
                                + " sms_per_day = VALUES(sms_per_day), email_per_day = VALUES(email_per_day),"
                                + " updated_at = VALUES(updated_at)")
                        .setParameter(1, tenantId)
                        .setParameter(
                                2, request.api() == null ? null : request.api().perMinute())
                        .setParameter(
                                3, request.api() == null ? null : request.api().burst())
                        .setParameter(
                                4,
                                request.publicEndpoints() == null
                                        ? null
                                        : request.publicEndpoints().perMinute())
                        .setParameter(
                                5,
                                request.publicEndpoints() == null
                                        ? null
                                        : request.publicEndpoints().burst())
                        .setParameter(6, request.smsPerDay())
                        .setParameter(7, request.emailPerDay())
                        .setParameter(8, clock.instant())
                        .executeUpdate());
        // After the commit, so that no load of the old row can follow the invalidation.
        cache.synchronous().invalidate(tenantId);
        return limits(tenantId);
    }

    private static void checkRate(
            List<Problem.FieldError> problems, String field, LimitSettingsRequest.RateRequest rate, int max) {
        if (rate != null) {
            checkMax(problems, field + ".perMinute", rate.perMinute(), max);
            checkMax(problems, field + ".burst", rate.burst(), max);
        }
    }

    private static void checkMax(List<Problem.FieldError> problems, String field, Integer value, int max) {
        if (value != null && value > max) {
            problems.add(new Problem.FieldError(field, "must be at most " + max + " (the platform's maximum)"));
        }
    }

    /** Plain JDBC: it runs on a worker thread outside any request context. */
    private Loaded load(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT api_per_minute, api_burst, public_per_minute,"
                        + " public_burst, sms_per_day, email_per_day FROM tenant_limits WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            LimitSettingsRequest overrides = new LimitSettingsRequest(null, null, null, null);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    overrides = new LimitSettingsRequest(
                            rate(integer(rs, 1), integer(rs, 2)),
                            rate(integer(rs, 3), integer(rs, 4)),
                            integer(rs, 5),
                            integer(rs, 6));
                }
            }
            return new Loaded(overrides, inForce(overrides));
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the limits of tenant " + tenantId + " failed", e);
        }
    }

    /** The tenant's values where set, the defaults otherwise; a maximum lowered since wins over a stored value. */
    private TenantLimits inForce(LimitSettingsRequest overrides) {
        return new TenantLimits(
                rate(overrides.api(), config.api()),
                rate(overrides.publicEndpoints(), config.publicEndpoints()),
                Math.min(
                        overrides.smsPerDay() != null ? overrides.smsPerDay() : config.smsPerDay(),
                        config.smsPerDayMax()),
                Math.min(
                        overrides.emailPerDay() != null ? overrides.emailPerDay() : config.emailPerDay(),
                        config.emailPerDayMax()));
    }

    private static TenantLimits.Rate rate(
            LimitSettingsRequest.RateRequest own, SwitchboardConfig.Limits.RequestRate platform) {
        int perMinute = own != null ? own.perMinute() : platform.perMinute();
        int burst = own != null ? own.burst() : platform.burst();
        return new TenantLimits.Rate(
                Math.max(1, Math.min(perMinute, platform.maxPerMinute())),
                Math.max(1, Math.min(burst, platform.maxPerMinute())));
    }

    private static LimitSettingsRequest.RateRequest rate(Integer perMinute, Integer burst) {
        return perMinute == null || burst == null ? null : new LimitSettingsRequest.RateRequest(perMinute, burst);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
