package io.switchboard.channel;

import io.agroal.api.AgroalDataSource;
import io.switchboard.common.time.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One-time values of signed webhook requests (table {@code webhook_nonce}). The primary key (channel, nonce)
 * makes the first use win atomically, across replicas. Each value is bound to what it was first used for, so
 * that a provider retrying the same delivery is not mistaken for a replay.
 */
@ApplicationScoped
public class WebhookNonces {

    private static final Logger LOG = Logger.getLogger(WebhookNonces.class);
    /** Pruning is cheap but not free: at most once per interval per scope and replica. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private static final int PRUNE_BATCH = 5_000;

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Map<String, Instant> lastPrune = new ConcurrentHashMap<>();

    public WebhookNonces(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records {@code nonce} (within {@code scope}, for example a provider name) as used by the channel for
     * {@code usedFor}. True when it is new, or was already used for the same thing (a retry); false when it was
     * used for something else (a replay). Values of the scope older than {@code retention} are pruned now and
     * then; retention must outlast the window in which the provider's signature is accepted.
     */
    public boolean claim(String channelId, String scope, String nonce, String usedFor, Duration retention) {
        Instant now = clock.instant();
        String value = scope + ":" + nonce;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT IGNORE INTO webhook_nonce (channel_id, nonce, seen_at, used_for) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, channelId);
                insert.setString(2, value);
                UtcColumns.set(insert, 3, now);
                insert.setString(4, usedFor);
                if (insert.executeUpdate() == 1) {
                    pruneNowAndThen(c, scope, now, retention);
                    return true;
                }
            }
            try (PreparedStatement select =
                    c.prepareStatement("SELECT used_for FROM webhook_nonce WHERE channel_id = ? AND nonce = ?")) {
                select.setString(1, channelId);
                select.setString(2, value);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() && Objects.equals(rs.getString(1), usedFor);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Recording a webhook nonce failed", e);
        }
    }

    private void pruneNowAndThen(Connection c, String scope, Instant now, Duration retention) {
        Instant previous = lastPrune.get(scope);
        if (previous != null && previous.plus(PRUNE_INTERVAL).isAfter(now)) {
            return;
        }
        boolean ours =
                previous == null ? lastPrune.putIfAbsent(scope, now) == null : lastPrune.replace(scope, previous, now);
        if (!ours) {
            return; // another request of this replica took the turn
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM webhook_nonce WHERE seen_at < ? AND nonce LIKE ? LIMIT " + PRUNE_BATCH)) {
            UtcColumns.set(delete, 1, now.minus(retention));
            delete.setString(2, scope.replace("%", "\\%").replace("_", "\\_") + ":%");
            int deleted = delete.executeUpdate();
            LOG.debugf("Pruned %d expired %s webhook nonces", deleted, scope);
        } catch (SQLException e) {
            // The nonce is recorded; a failed clean-up only delays the next one.
            LOG.warnf("Pruning expired %s webhook nonces failed: %s", scope, e.getMessage());
        }
    }
}
