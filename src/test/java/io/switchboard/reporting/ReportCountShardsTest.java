package io.switchboard.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.reporting.rollups.MessageCount;
import io.switchboard.reporting.rollups.RollupJdbc;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The message counts behind the volume report have no hot row (V23): two transactions counting the same tenant,
 * day, channel and measure on different connections do not wait for each other, and the count is their sum. Before
 * the shards the second transaction waited for the first one's row lock until it committed (here: a 1 s lock wait
 * timeout, so the test fails instead of waiting).
 */
@QuarkusTest
class ReportCountShardsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentCountsOfOneKeyDoNotWaitForEachOtherAndAddUp() throws SQLException {
        String tenant = "shards-" + UUID.randomUUID().toString().substring(0, 8);
        String channel = UUID.randomUUID().toString();
        List<Connection> opened = new ArrayList<>();
        try {
            Connection first = open(opened);
            Connection second = open(opened);
            // Connections usually get consecutive ids; should another one have been opened in between with the same
            // shard, take the next.
            while (shard(second) == shard(first)) {
                second = open(opened);
            }
            assertNotEquals(shard(first), shard(second));

            count(first, tenant, channel, 1);
            try (Statement s = second.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 1");
            }
            // Would fail with "Lock wait timeout exceeded" while the first transaction holds the count's row.
            count(second, tenant, channel, 1);
            second.commit();
            count(first, tenant, channel, 1);
            first.commit();

            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement(
                            "SELECT COUNT(*), SUM(n) FROM report_count_day WHERE tenant_id = ? AND channel_key = ?")) {
                q.setString(1, tenant);
                q.setString(2, channel);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getInt(1), "one row per connection's shard");
                    assertEquals(3, rs.getLong(2), "the count is the sum of its rows");
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM report_count_day WHERE tenant_id = '" + tenant + "'");
                }
            }
        } finally {
            for (Connection c : opened) {
                c.rollback();
                c.close();
            }
        }
    }

    /**
     * A change that takes back what it adds (a reply moving from QUEUED to SENDING to SENT stays one message out)
     * asks the database nothing: no zone, no channel, no row. On a closed connection any statement would throw.
     */
    @Test
    void aCountTakenBackInTheSameChangeAsksTheDatabaseNothing() throws SQLException {
        Connection closed = dataSource.getConnection();
        closed.close();
        Instant at = Instant.now();
        MessageCount out = new MessageCount("netting", "channel-1", null, at, MessageCount.MESSAGES_OUT, 1);
        RollupJdbc.counts(closed, List.of(out, out.withDelta(-1)));
        assertThrows(
                SQLException.class,
                () -> RollupJdbc.counts(closed, List.of(out, out.withDelta(-1), out)),
                "a count left over is written");
    }

    private Connection open(List<Connection> opened) throws SQLException {
        Connection c = dataSource.getConnection();
        opened.add(c);
        c.setAutoCommit(false);
        return c;
    }

    private static long shard(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONNECTION_ID() MOD 32")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void count(Connection c, String tenant, String channel, int delta) throws SQLException {
        RollupJdbc.counts(
                c, List.of(new MessageCount(tenant, channel, "SMS", Instant.now(), MessageCount.MESSAGES_IN, delta)));
    }
}
