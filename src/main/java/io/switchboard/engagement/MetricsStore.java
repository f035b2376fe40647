package io.switchboard.engagement;

import io.agroal.api.AgroalDataSource;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.outbound.PostMetrics;
import io.switchboard.common.Ids;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.scheduling.PostTargetsPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The engagement room's tables (V32__post_metrics.sql) in plain JDBC: the collector works across tenants, outside
 * any tenant's context. Every method joins the caller's transaction, if any (the pool enlists its connections).
 */
@ApplicationScoped
class MetricsStore {

    private static final int MAX_ERROR_LENGTH = 1000;

    private final AgroalDataSource dataSource;

    MetricsStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts following the targets a publication put out, in the transaction that ends the publication. */
    void onPublished(@Observes PostTargetsPublished published) {
        for (PostTargetsPublished.Target target : published.targets()) {
            update(
                    "INSERT IGNORE INTO post_metrics_watch (delivery_id, tenant_id, post_id, publication_id,"
                            + " channel_id, channel_kind, provider_post_id, published_at, next_fetch_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    target.deliveryId(),
                    published.tenantId(),
                    published.postId(),
                    published.publicationId(),
                    target.channelId(),
                    target.kind().name(),
                    target.providerPostId(),
                    target.publishedAt(),
                    MetricsSchedule.first(target.publishedAt()));
        }
    }

    /**
     * Claims the due watches of channels that are not paused, freshest posts first: their next fetch moves to
     * {@code leaseUntil}, so that a collector that dies mid-run leaves them to the next run, not lost.
     */
    List<Watch> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Watch> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT w.delivery_id, w.tenant_id, w.post_id,"
                        + " w.channel_id, w.channel_kind, w.provider_post_id, w.published_at, w.failures"
                        + " FROM post_metrics_watch w LEFT JOIN channel_metrics_state s ON s.channel_id = w.channel_id"
                        + " WHERE w.next_fetch_at <= ? AND (s.paused_until IS NULL OR s.paused_until <= ?)"
                        + " ORDER BY w.published_at DESC LIMIT ? FOR UPDATE SKIP LOCKED")) {
            UtcColumns.set(select, 1, now);
            UtcColumns.set(select, 2, now);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(new Watch(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            ChannelKind.valueOf(rs.getString(5)),
                            rs.getString(6),
                            UtcColumns.get(rs, 7),
                            rs.getInt(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading due metrics fetches failed", e);
        }
        for (Watch watch : due) {
            update(
                    "UPDATE post_metrics_watch SET next_fetch_at = ? WHERE delivery_id = ?",
                    leaseUntil,
                    watch.deliveryId());
        }
        return due;
    }

    /** Stores a fetch and moves the watch to its next fetch (or ends it when the schedule is over). */
    void fetched(Watch watch, PostMetrics metrics, Set<String> dropped, Instant now) {
        update(
                "INSERT INTO post_metrics_snapshot (id, tenant_id, delivery_id, post_id, channel_id, fetched_at, views,"
                        + " unique_views, reactions, comments, shares, quotes, bookmarks, dropped_metrics)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                watch.tenantId(),
                watch.deliveryId(),
                watch.postId(),
                watch.channelId(),
                now,
                metrics.views(),
                metrics.uniqueViews(),
                metrics.reactions(),
                metrics.comments(),
                metrics.shares(),
                metrics.quotes(),
                metrics.bookmarks(),
                dropped.isEmpty()
                        ? null
                        : String.join(",", dropped.stream().sorted().toList()));
        Instant next = MetricsSchedule.next(watch.publishedAt(), now).orElse(null);
        update(
                "UPDATE post_metrics_watch SET fetches = fetches + 1, failures = 0, last_error = NULL,"
                        + " next_fetch_at = ?, stopped_reason = ? WHERE delivery_id = ?",
                next,
                next == null ? "The schedule is over (last fetch 30 days after publication)" : null,
                watch.deliveryId());
    }

    /** A fetch failed: tried again at {@code retryAt}, the error kept; counted as a failure in a row. */
    void failed(Watch watch, String error, Instant retryAt) {
        update(
                "UPDATE post_metrics_watch SET failures = failures + 1, last_error = ?, next_fetch_at = ?"
                        + " WHERE delivery_id = ?",
                abbreviate(error),
                retryAt,
                watch.deliveryId());
    }

    /** Not fetched now, through no failure (the channel must wait, the read budget is used up): due again then. */
    void postpone(Watch watch, String reason, Instant until) {
        update(
                "UPDATE post_metrics_watch SET last_error = ?, next_fetch_at = ? WHERE delivery_id = ?",
                abbreviate(reason),
                until,
                watch.deliveryId());
    }

    /** Stops following a watch (the post is gone, or its fetches failed past the end of the schedule). */
    void stop(Watch watch, String reason) {
        update(
                "UPDATE post_metrics_watch SET next_fetch_at = NULL, stopped_reason = ? WHERE delivery_id = ?",
                abbreviate(reason),
                watch.deliveryId());
    }

    /** Every fetch of the channel waits until then (the provider's rate limit). */
    void pauseChannel(String channelId, String tenantId, Instant until, String error) {
        update(
                "INSERT INTO channel_metrics_state (channel_id, tenant_id, paused_until, last_error) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE paused_until = VALUES(paused_until), last_error = VALUES(last_error)",
                channelId,
                tenantId,
                until,
                abbreviate(error));
    }

    /** Channels among these whose follower count is due (never fetched, or due) and that are not paused. */
    Set<String> followersDue(Collection<String> channelIds, Instant now) {
        Set<String> notDue = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT channel_id FROM channel_metrics_state"
                        + " WHERE followers_due_at > ? OR paused_until > ?")) {
            UtcColumns.set(select, 1, now);
            UtcColumns.set(select, 2, now);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    notDue.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading due follower counts failed", e);
        }
        Set<String> due = new HashSet<>(channelIds);
        due.removeAll(notDue);
        return due;
    }

    /** Stores today's follower count (the latest of the day wins) and makes the next one due {@code next}. */
    void followers(String channelId, String tenantId, long followers, Instant now, LocalDate day, Instant next) {
        update(
                "INSERT INTO channel_follower_count (channel_id, day, tenant_id, followers, fetched_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE followers = VALUES(followers),"
                        + " fetched_at = VALUES(fetched_at)",
                channelId,
                day,
                tenantId,
                followers,
                now);
        followersDueAt(channelId, tenantId, next, 0, null);
    }

    int followersFailures(String channelId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT followers_failures FROM channel_metrics_state WHERE channel_id = ?")) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the follower count state failed", e);
        }
    }

    /** The follower count is due again then; {@code failures} in a row so far and the latest error. */
    void followersDueAt(String channelId, String tenantId, Instant at, int failures, String error) {
        update(
                "INSERT INTO channel_metrics_state (channel_id, tenant_id, followers_due_at, followers_failures,"
                        + " last_error) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE followers_due_at ="
                        + " VALUES(followers_due_at), followers_failures = VALUES(followers_failures),"
                        + " last_error = VALUES(last_error)",
                channelId,
                tenantId,
                at,
                failures,
                abbreviate(error));
    }

    /** Insights metrics the provider refused before (never asked again). */
    Set<String> refusedMetrics(ChannelKind provider) {
        Set<String> refused = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT metric FROM provider_metric_refused WHERE provider = ?")) {
            select.setString(1, provider.name());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    refused.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading refused metrics failed", e);
        }
        return refused;
    }

    void refuse(ChannelKind provider, String metric, Instant now, String error) {
        update(
                "INSERT IGNORE INTO provider_metric_refused (provider, metric, refused_at, error) VALUES (?, ?, ?, ?)",
                provider.name(),
                metric,
                now,
                abbreviate(error));
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                switch (p) {
                    case null -> statement.setNull(i + 1, Types.NULL);
                    case Instant instant -> UtcColumns.set(statement, i + 1, instant);
                    default -> statement.setObject(i + 1, p);
                }
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing post metrics failed", e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
