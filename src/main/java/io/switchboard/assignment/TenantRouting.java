package io.switchboard.assignment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What a tenant's channel routing asks of the inbound path, remembered for a few seconds so that activity in
 * tenants without routing costs no query. A change on this replica is seen at once; one on another replica
 * within the expiry (the assignment sweep covers that window).
 */
@ApplicationScoped
public class TenantRouting {

    /** Whether any channel routes to a team, and whether any assigns automatically. */
    record Summary(boolean routesToTeams, boolean autoAssigns) {}

    private final AgroalDataSource dataSource;
    private final Cache<String, Summary> summaries = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build();

    public TenantRouting(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Summary of(String tenantId) {
        return summaries.get(tenantId, this::read);
    }

    /** Forgets what was read of the tenant's routing (called when it changed on this replica). */
    void invalidate(String tenantId) {
        summaries.invalidate(tenantId);
    }

    private Summary read(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT COALESCE(MAX(team_id IS NOT NULL), 0),"
                        + " COALESCE(MAX(auto_assignment IN ('ROUND_ROBIN', 'LEAST_LOADED')), 0)"
                        + " FROM channel_routing WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new Summary(rs.getInt(1) == 1, rs.getInt(2) == 1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading channel routing failed", e);
        }
    }
}
