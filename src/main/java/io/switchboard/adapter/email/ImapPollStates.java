package io.switchboard.adapter.email;

import io.agroal.api.AgroalDataSource;
import io.switchboard.common.time.UtcColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each mailbox fared when last polled ({@code imap_poll_state}): the pollers' memory across replicas. Plain
 * JDBC with explicit tenant ids, since the poller works for every tenant at once, outside any request.
 */
@ApplicationScoped
public class ImapPollStates {

    /** One mailbox's state. */
    public record State(
            String channelId,
            int failures,
            Instant nextPollAt,
            Instant lastPolledAt,
            Instant lastSuccessAt,
            String lastError) {}

    private static final String COLUMNS =
            "SELECT channel_id, failures, next_poll_at, last_polled_at, last_success_at, last_error FROM imap_poll_state";

    private final AgroalDataSource dataSource;

    public ImapPollStates(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The state of every polled mailbox, by channel id (across tenants: the poller serves them all). */
    Map<String, State> all() {
        Map<String, State> states = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(COLUMNS);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                State s = read(rs);
                states.put(s.channelId(), s);
            }
            return states;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the mailboxes' poll states failed", e);
        }
    }

    /** The state of one mailbox of {@code tenantId}. */
    public Optional<State> of(String tenantId, String channelId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(COLUMNS + " WHERE tenant_id = ? AND channel_id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, channelId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading a mailbox's poll state failed", e);
        }
    }

    void succeeded(String tenantId, String channelId, Instant at) {
        write(
                "INSERT INTO imap_poll_state (channel_id, tenant_id, failures, next_poll_at, last_polled_at,"
                        + " last_success_at, last_error) VALUES (?, ?, 0, NULL, ?, ?, NULL) ON DUPLICATE KEY UPDATE"
                        + " failures = 0, next_poll_at = NULL, last_polled_at = VALUES(last_polled_at),"
                        + " last_success_at = VALUES(last_success_at), last_error = NULL",
                channelId,
                tenantId,
                at,
                at);
    }

    /** Records a failure; the mailbox waits {@code interval} × 2^(failures − 1), at most {@code maxBackoff}. */
    void failed(String tenantId, String channelId, Instant at, String error, Duration interval, Duration maxBackoff) {
        int failures = of(tenantId, channelId).map(State::failures).orElse(0) + 1;
        Duration wait = interval.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        write(
                "INSERT INTO imap_poll_state (channel_id, tenant_id, failures, next_poll_at, last_polled_at,"
                        + " last_success_at, last_error) VALUES (?, ?, ?, ?, ?, NULL, ?) ON DUPLICATE KEY UPDATE"
                        + " failures = VALUES(failures), next_poll_at = VALUES(next_poll_at),"
                        + " last_polled_at = VALUES(last_polled_at), last_error = VALUES(last_error)",
                channelId,
                tenantId,
                failures,
                at.plus(wait),
                at,
                error.length() > 300 ? error.substring(0, 300) : error);
    }

    private void write(String sql, Object... values) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant instant) {
                    UtcColumns.set(statement, i + 1, instant);
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Recording a mailbox's poll state failed", e);
        }
    }

    private static State read(ResultSet rs) throws SQLException {
        return new State(
                rs.getString(1),
                rs.getInt(2),
                UtcColumns.get(rs, 3),
                UtcColumns.get(rs, 4),
                UtcColumns.get(rs, 5),
                rs.getString(6));
    }
}
