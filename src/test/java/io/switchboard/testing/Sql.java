package io.switchboard.testing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the database directly, for assertions about what was (not) stored, and writes rows that another
 * feature would write.
 */
@ApplicationScoped
public class Sql {

    private final AgroalDataSource dataSource;

    public Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String sql, Object... params) {
        return ((Number) single(sql, params)).longValue();
    }

    public Object single(String sql, Object... params) {
        List<Object> column = column(sql, params);
        if (column.size() != 1) {
            throw new AssertionError("Expected one row from " + sql + " but got " + column.size());
        }
        return column.get(0);
    }

    /** Runs an insert or update; returns the number of rows changed. */
    public int update(String sql, Object... params) {
        try (var c = dataSource.getConnection();
                var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Object> column(String sql, Object... params) {
        try (var c = dataSource.getConnection();
                var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Object> values = new ArrayList<>();
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getObject(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
