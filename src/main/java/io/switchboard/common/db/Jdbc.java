package io.switchboard.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plain JDBC for the batch paths that bypass the ORM (multi-row inserts, look-ups by natural key). Values are bound
 * as parameters, never spliced into SQL; instants go through {@link io.switchboard.common.time.UtcColumns}.
 */
public final class Jdbc {

    private Jdbc() {}

    /** Reads one row of a result set. */
    @FunctionalInterface
    public interface RowReader<V> {
        V read(ResultSet rs) throws SQLException;
    }

    /** Appends the values of one item's row, in column order. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T item, List<Object> row);
    }

    /**
     * One multi-row INSERT for all items ({@code insertPrefix} ends with {@code VALUES }); returns how many rows it
     * stored (an {@code INSERT IGNORE} skips taken keys).
     */
    public static <T> int insertRows(
            Connection c, String insertPrefix, int columns, Collection<T> items, RowWriter<T> writer)
            throws SQLException {
        if (items.isEmpty()) {
            return 0;
        }
        String rowMarks = "(" + marks(columns) + ")";
        StringBuilder sql = new StringBuilder(insertPrefix);
        List<Object> params = new ArrayList<>(items.size() * columns);
        for (T item : items) {
            if (!params.isEmpty()) {
                sql.append(',');
            }
            sql.append(rowMarks);
            int before = params.size();
            writer.write(item, params);
            if (params.size() - before != columns) {
                throw new IllegalStateException("Row has " + (params.size() - before) + " values, not " + columns);
            }
        }
        return execute(c, sql.toString(), params);
    }

    /**
     * Looks rows up by (scope, natural key), one query per scope (a channel, say): {@code query} has the scope as
     * its first parameter, selects the natural key as its first column, and ends with {@code IN }.
     */
    public static <K, V> Map<K, V> selectByScope(
            Connection c,
            Collection<K> keys,
            Function<K, String> scopeOf,
            Function<K, String> naturalKeyOf,
            String query,
            BiFunction<String, String, K> keyOf,
            RowReader<V> reader)
            throws SQLException {
        Map<K, V> found = new HashMap<>();
        for (var byScope : keys.stream().collect(Collectors.groupingBy(scopeOf)).entrySet()) {
            List<Object> params = new ArrayList<>();
            params.add(byScope.getKey());
            byScope.getValue().forEach(k -> params.add(naturalKeyOf.apply(k)));
            try (PreparedStatement select =
                    c.prepareStatement(query + "(" + marks(byScope.getValue().size()) + ")")) {
                bind(select, params);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.put(keyOf.apply(byScope.getKey(), rs.getString(1)), reader.read(rs));
                    }
                }
            }
        }
        return found;
    }

    public static int execute(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    public static void bind(PreparedStatement statement, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }

    /** {@code n} parameter marks, comma-separated. */
    public static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
