package io.switchboard.common.db;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the current unit of work's {@link StatementTimeLimit} on every connection it takes from the pool (MariaDB's
 * session {@code max_statement_time}), and takes it off again before the connection goes back: a pooled connection
 * never carries one request's limit into the writer, dispatcher or job that takes it next. A statement that runs
 * longer is interrupted by the server with error 1969 (see {@link #exceeded}), its transaction rolls back and the
 * connection returns to the pool.
 *
 * <p>The session setting costs two round trips per connection a read takes (set, reset); a per-statement
 * {@code SET STATEMENT ... FOR} would cost none but would not reach the raw JDBC some reads use.
 */
@ApplicationScoped
public class StatementTimeLimits implements AgroalPoolInterceptor {

    /** MariaDB's "Query execution was interrupted (max_statement_time exceeded)". */
    private static final int STATEMENT_TIME_EXCEEDED = 1969;

    /** The physical connections that carry a limit now (identity: the pool hands out wrappers). */
    private final Set<Connection> limited = ConcurrentHashMap.newKeySet();

    private final StatementTimeLimit current;

    public StatementTimeLimits(StatementTimeLimit current) {
        this.current = current;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        Optional<Duration> limit = currentLimit();
        try {
            Connection physical = connection.unwrap(Connection.class);
            if (limit.isPresent()) {
                set(connection, seconds(limit.get()));
                limited.add(physical);
            } else if (limited.contains(physical)) {
                // Its reset failed when it was returned: never hand out a connection with another request's limit.
                set(connection, "0");
                limited.remove(physical);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the statement time limit of a pooled connection", e);
        }
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        try {
            Connection physical = connection.unwrap(Connection.class);
            if (limited.contains(physical)) {
                set(connection, "0");
                limited.remove(physical);
            }
        } catch (SQLException e) {
            // Kept in the set: the next unit of work to take this connection resets it first.
        }
    }

    @Override
    public void onConnectionDestroy(Connection connection) {
        try {
            limited.remove(connection.unwrap(Connection.class));
        } catch (SQLException e) {
            // A connection that cannot even be unwrapped was never limited.
        }
    }

    /** Whether {@code e} comes from a statement the server interrupted at its time limit. */
    public static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == STATEMENT_TIME_EXCEEDED) {
                return true;
            }
        }
        return false;
    }

    private Optional<Duration> currentLimit() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty(); // background threads: the dispatcher, ingest writers, jobs
        }
        return current.limit();
    }

    private static void set(Connection connection, String seconds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION max_statement_time = " + seconds);
        }
    }

    /** Seconds with millisecond precision, as MariaDB reads them; 0 would mean no limit, so at least 1 ms. */
    private static String seconds(Duration limit) {
        return String.format(Locale.ROOT, "%.3f", Math.max(1, limit.toMillis()) / 1000.0);
    }
}
