package io.switchboard.common.db;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the current unit of work's {@link StatementTimeLimit} on every connection it takes from the pool (MariaDB's
 * session {@code max_statement_time}): a connection is handed out with exactly the limit of the work that takes it,
 * so a pooled connection never carries one request's limit into the writer, dispatcher or job that takes it next. A
 * statement that runs longer is interrupted by the server with error 1969 (see {@link #exceeded}), its transaction
 * rolls back and the connection returns to the pool.
 *
 * <p>The setting a connection carries is remembered, and it is changed only when the work taking the connection
 * needs another: reads one after the other (the same limit) cost no round trip, and a connection taken by work
 * without a limit is reset first. A per-statement {@code SET STATEMENT ... FOR} would cost none but would not reach
 * the raw JDBC some reads use.
 */
@ApplicationScoped
public class StatementTimeLimits implements AgroalPoolInterceptor {

    /** MariaDB's "Query execution was interrupted (max_statement_time exceeded)". */
    private static final int STATEMENT_TIME_EXCEEDED = 1969;

    /** No limit: MariaDB's 0. */
    private static final String NONE = "0";

    /** A connection whose setting could not be changed: its next taker sets it, whatever it needs. */
    private static final String UNKNOWN = "?";

    /**
     * The setting each physical connection carries, where it is not {@link #NONE} (identity: the pool hands out
     * wrappers of them).
     */
    private final Map<Connection, String> settings = new ConcurrentHashMap<>();

    /** The last limit formatted, since reads mostly share one. */
    private volatile Formatted formatted = new Formatted(Duration.ofMillis(1), "0.001");

    private final StatementTimeLimit current;

    public StatementTimeLimits(StatementTimeLimit current) {
        this.current = current;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        String wanted = currentLimit().map(this::seconds).orElse(NONE);
        Connection physical;
        try {
            physical = connection.unwrap(Connection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the statement time limit of a pooled connection", e);
        }
        if (wanted.equals(settings.getOrDefault(physical, NONE))) {
            return;
        }
        try {
            set(connection, wanted);
        } catch (SQLException e) {
            settings.put(physical, UNKNOWN);
            throw new IllegalStateException("Could not set the statement time limit of a pooled connection", e);
        }
        if (wanted.equals(NONE)) {
            settings.remove(physical);
        } else {
            settings.put(physical, wanted);
        }
    }

    @Override
    public void onConnectionDestroy(Connection connection) {
        try {
            settings.remove(connection.unwrap(Connection.class));
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
    private String seconds(Duration limit) {
        Formatted last = formatted;
        if (last.limit().equals(limit)) {
            return last.seconds();
        }
        String seconds = String.format(Locale.ROOT, "%.3f", Math.max(1, limit.toMillis()) / 1000.0);
        formatted = new Formatted(limit, seconds);
        return seconds;
    }

    private record Formatted(Duration limit, String seconds) {}
}
