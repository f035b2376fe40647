package io.switchboard.engagement;

import io.agroal.api.AgroalDataSource;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A tenant's monthly budget of X reads (X bills every resource read: each post's metrics, the account's follower
 * count): the tenant's own setting or the platform default, and what the month (UTC) used. Reads are reserved
 * before a request, atomically (replicas and runs cannot overspend together), and what the answer did not return
 * is given back.
 */
@ApplicationScoped
class XReadBudget {

    /** A tenant's budget and what it used this month. */
    record Usage(String month, int budget, Integer ownBudget, int used) {
        int remaining() {
            return Math.max(0, budget - used);
        }
    }

    private final AgroalDataSource dataSource;
    private final SwitchboardConfig config;

    XReadBudget(AgroalDataSource dataSource, SwitchboardConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    static String month(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
    }

    /** When the next month's budget starts (UTC). */
    static Instant nextMonth(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC))
                .plusMonths(1)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    Usage usage(String tenantId, Instant now) {
        String month = month(now);
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT (SELECT x_monthly_read_budget FROM"
                        + " engagement_settings WHERE tenant_id = ?), (SELECT reads_used FROM x_read_usage"
                        + " WHERE tenant_id = ? AND month = ?)")) {
            select.setString(1, tenantId);
            select.setString(2, tenantId);
            select.setString(3, month);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                Integer own = (Integer) rs.getObject(1, Integer.class);
                int used = rs.getInt(2);
                return new Usage(month, own != null ? own : config.engagement().xMonthlyReads(), own, used);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the X read budget failed", e);
        }
    }

    /** Reserves up to {@code wanted} reads of this month's budget; returns how many it got (0 when used up). */
    int reserve(String tenantId, int wanted, Instant now) {
        String month = month(now);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT IGNORE INTO x_read_usage (tenant_id, month, reads_used) VALUES (?, ?, 0)")) {
                insert.setString(1, tenantId);
                insert.setString(2, month);
                insert.executeUpdate();
            }
            // Conditional on what the row holds now, so that two reservations at once cannot both take the rest.
            for (int attempt = 0; attempt < 5; attempt++) {
                Usage usage = usage(tenantId, now);
                int granted = Math.min(wanted, usage.remaining());
                if (granted <= 0) {
                    return 0;
                }
                try (PreparedStatement take = c.prepareStatement("UPDATE x_read_usage SET reads_used = reads_used + ?"
                        + " WHERE tenant_id = ? AND month = ? AND reads_used = ?")) {
                    take.setInt(1, granted);
                    take.setString(2, tenantId);
                    take.setString(3, month);
                    take.setInt(4, usage.used());
                    if (take.executeUpdate() == 1) {
                        return granted;
                    }
                }
            }
            return 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Reserving X reads failed", e);
        }
    }

    /** Gives back reads reserved but not used (the request failed, or returned fewer resources). */
    void giveBack(String tenantId, int reads, Instant reservedAt) {
        if (reads <= 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE x_read_usage SET reads_used ="
                        + " GREATEST(0, reads_used - ?) WHERE tenant_id = ? AND month = ?")) {
            update.setInt(1, reads);
            update.setString(2, tenantId);
            update.setString(3, month(reservedAt));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Giving back X reads failed", e);
        }
    }

    /** Sets the tenant's own budget (null: the platform default). */
    void ownBudget(String tenantId, Integer budget, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement("INSERT INTO engagement_settings (tenant_id,"
                        + " x_monthly_read_budget, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
                        + " x_monthly_read_budget = VALUES(x_monthly_read_budget), updated_at = VALUES(updated_at)")) {
            upsert.setString(1, tenantId);
            upsert.setObject(2, budget);
            UtcColumns.set(upsert, 3, now);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Setting the X read budget failed", e);
        }
    }
}
