package io.switchboard.engagement;

import io.agroal.api.AgroalDataSource;
import io.switchboard.channel.ChannelKind;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.scheduling.PostMetricsView;
import io.switchboard.scheduling.PostTargetMetrics;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The current tenant's post metrics as the API shows them: the latest per target, and every snapshot. */
@ApplicationScoped
public class PostMetricsService implements PostTargetMetrics {

    private static final String SNAPSHOT_COLUMNS =
            "s.views, s.unique_views, s.reactions, s.comments, s.shares, s.quotes, s.bookmarks, s.fetched_at";

    private final AgroalDataSource dataSource;
    private final TenantContext tenant;

    PostMetricsService(AgroalDataSource dataSource, TenantContext tenant) {
        this.dataSource = dataSource;
        this.tenant = tenant;
    }

    @Override
    public Map<String, PostMetricsView> latest(Collection<String> deliveryIds) {
        Map<String, PostMetricsView> latest = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return latest;
        }
        String marks = String.join(",", deliveryIds.stream().map(id -> "?").toList());
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT s.delivery_id, " + SNAPSHOT_COLUMNS
                        + " FROM post_metrics_snapshot s WHERE s.tenant_id = ? AND s.delivery_id IN (" + marks + ")"
                        + " AND NOT EXISTS (SELECT 1 FROM post_metrics_snapshot later WHERE later.delivery_id ="
                        + " s.delivery_id AND (later.fetched_at > s.fetched_at OR (later.fetched_at = s.fetched_at"
                        + " AND later.id > s.id)))")) {
            select.setString(1, tenant.require());
            int i = 2;
            for (String id : deliveryIds) {
                select.setString(i++, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), metrics(rs, 2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the latest post metrics failed", e);
        }
        return latest;
    }

    /** Every target of the post whose metrics are followed, each with its snapshots in time order. */
    public List<PostMetricsHistory.Target> history(String postId) {
        Map<String, PostMetricsHistory.Target> targets = new LinkedHashMap<>();
        Map<String, List<PostMetricsHistory.Snapshot>> snapshots = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement select = c.prepareStatement("SELECT delivery_id, publication_id, channel_id,"
                    + " channel_kind, provider_post_id, published_at, fetches, next_fetch_at, failures, last_error,"
                    + " stopped_reason FROM post_metrics_watch WHERE tenant_id = ? AND post_id = ?"
                    + " ORDER BY published_at, channel_id")) {
                select.setString(1, tenant.require());
                select.setString(2, postId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        List<PostMetricsHistory.Snapshot> list = new ArrayList<>();
                        snapshots.put(rs.getString(1), list);
                        targets.put(
                                rs.getString(1),
                                new PostMetricsHistory.Target(
                                        rs.getString(2),
                                        rs.getString(3),
                                        ChannelKind.valueOf(rs.getString(4)),
                                        rs.getString(5),
                                        UtcColumns.get(rs, 6),
                                        rs.getInt(7),
                                        UtcColumns.get(rs, 8),
                                        rs.getInt(9),
                                        rs.getString(10),
                                        rs.getString(11),
                                        list));
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement("SELECT s.delivery_id, " + SNAPSHOT_COLUMNS
                    + ", s.dropped_metrics FROM post_metrics_snapshot s WHERE s.tenant_id = ? AND s.post_id = ?"
                    + " ORDER BY s.fetched_at, s.id")) {
                select.setString(1, tenant.require());
                select.setString(2, postId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String dropped = rs.getString(10);
                        List<PostMetricsHistory.Snapshot> list = snapshots.get(rs.getString(1));
                        if (list != null) {
                            list.add(new PostMetricsHistory.Snapshot(
                                    metrics(rs, 2), dropped == null ? List.of() : List.of(dropped.split(","))));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the post's metrics failed", e);
        }
        return List.copyOf(targets.values());
    }

    private static PostMetricsView metrics(ResultSet rs, int from) throws SQLException {
        return PostMetricsView.of(
                count(rs, from),
                count(rs, from + 1),
                count(rs, from + 2),
                count(rs, from + 3),
                count(rs, from + 4),
                count(rs, from + 5),
                count(rs, from + 6),
                UtcColumns.get(rs, from + 7));
    }

    private static Long count(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
