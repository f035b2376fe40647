package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.MigrationServer;
import io.switchboard.testing.TestDatabase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;

/**
 * A new database is built from the latest baseline migration ({@code B<n>__baseline.sql}), never through the V
 * scripts up to it: V15 and V23 created triggers and stored routines (dropped again by V54) and would need TRIGGER
 * and CREATE ROUTINE. The baseline must build exactly what the V chain builds, and databases that applied the V
 * chain must keep validating and migrating with it present. Every Flyway here runs with the application's own
 * Flyway configuration (the migrations Quarkus packaged, its settings), pointed at another database.
 */
@QuarkusTest
class BaselineMigrationTest {

    static final Path MIGRATIONS = MigrationHistoryTest.MIGRATIONS;
    static final Path OPERATIONS = Path.of("docs", "operations.md");

    /** A prefix no file has: Flyway then sees no baseline migration and runs the V chain, as before the baseline. */
    static final String NO_BASELINE = "NOBASELINE";

    private static final Pattern VERSIONED = Pattern.compile("([VB])(\\d+)__.+\\.sql");

    @Inject
    Flyway flyway;

    private static String chainUrl;
    private static String freshUrl;

    @Test
    void theApplicationInstalledItsNewTestDatabaseFromTheBaseline() throws SQLException {
        try (Connection c = Jdbc.connect(
                TestDatabase.datasourceConfig().get("quarkus.datasource.jdbc.url"),
                TestDatabase.datasourceConfig().get("quarkus.datasource.username"),
                TestDatabase.datasourceConfig().get("quarkus.datasource.password"))) {
            assertHistoryStartsAtTheBaseline(c);
        }
    }

    /**
     * The account gets exactly the grant docs/operations.md tells operators to give (table DDL and DML); Flyway
     * migrates an empty database with it and leaves no trigger or routine.
     */
    @Test
    void aNewDatabaseMigratesWithTheDocumentedTableOnlyGrant() throws SQLException {
        String grant = documentedGrant();
        for (String privilege : List.of("TRIGGER", "ROUTINE", "EXECUTE", "SUPER", "ALL")) {
            assertFalse(
                    grant.toUpperCase().contains(privilege), "the documented grant has " + privilege + ": " + grant);
        }
        String url = fresh();
        try (Connection c = Jdbc.connect(url, MigrationServer.user(), MigrationServer.password())) {
            assertHistoryStartsAtTheBaseline(c);
            assertEquals(
                    List.of(),
                    rows(
                            c,
                            "SELECT trigger_name FROM information_schema.triggers"
                                    + " WHERE trigger_schema = DATABASE()"),
                    "triggers");
            assertEquals(
                    List.of(),
                    rows(
                            c,
                            "SELECT routine_name FROM information_schema.routines"
                                    + " WHERE routine_schema = DATABASE()"),
                    "stored functions and procedures");
        }
    }

    @Test
    void theBaselineBuildsTheSchemaAndRowsOfTheVChain() throws SQLException {
        Map<String, List<String>> chain = snapshot(chain());
        Map<String, List<String>> fresh = snapshot(fresh());
        assertTrue(chain.get("tables").size() > 10, "the chain built tables: " + chain.get("tables"));
        assertEquals(
                "",
                difference(chain, fresh),
                "the baseline differs from the V chain (see docs/CONTRIBUTING.md, Migrations)");
    }

    /**
     * A database that applied the V chain up to the migration before the latest (a release before the baseline)
     * validates with the baseline present, migrates the rest, and validates again; the baseline stays unapplied.
     */
    @Test
    void aDatabaseMigratedThroughTheVChainKeepsValidatingAndMigrating() throws SQLException {
        List<Integer> versions = versions("V");
        int previous = versions.get(versions.size() - 2);
        String url = MigrationServer.database(TestDatabase.NAME + "_upgrade");
        Flyway chainUpToPrevious = configured(url, MigrationServer.user(), MigrationServer.password())
                .target(String.valueOf(previous))
                .configuration(Map.of("flyway.baselineMigrationPrefix", NO_BASELINE))
                .load();
        chainUpToPrevious.migrate();

        Flyway application = configured(url, MigrationServer.user(), MigrationServer.password())
                .load();
        ValidateResult pending = application.validateWithResult();
        // Validation on migrate ignores pending migrations; here the only one must be the newest V script.
        assertEquals(
                List.of("V" + versions.getLast()),
                pending.invalidMigrations.stream().map(m -> "V" + m.version).toList(),
                pending.getAllErrorMessages());
        MigrateResult result = application.migrate();
        assertTrue(result.success);
        assertEquals(
                List.of(String.valueOf(versions.getLast())),
                result.migrations.stream().map(m -> m.version).toList(),
                "only the newest V script runs, not the baseline");
        ValidateResult after = application.validateWithResult();
        assertTrue(after.validationSuccessful, after.getAllErrorMessages());
        try (Connection c = Jdbc.connect(url, MigrationServer.user(), MigrationServer.password())) {
            assertEquals(
                    List.of(),
                    rows(c, "SELECT script FROM flyway_schema_history WHERE type = 'SQL_BASELINE'"),
                    "an existing database never runs the baseline");
        }
        // ... and the chain database (all V scripts applied) validates as it is.
        ValidateResult full = configured(chain(), MigrationServer.user(), MigrationServer.password())
                .load()
                .validateWithResult();
        assertTrue(full.validationSuccessful, full.getAllErrorMessages());
    }

    /**
     * During a rolling update the first new replica migrates while the previous release keeps serving; a replica of
     * that release which restarts then (or after a rollback) meets a migration it does not know, and must still
     * start. Flyway refuses such a "future" migration unless told to ignore it.
     */
    @Test
    void aMigrationOfANewerReleaseDoesNotStopThisOneFromStarting() throws SQLException {
        String url = MigrationServer.database(TestDatabase.NAME + "_newer");
        Flyway application = configured(url, MigrationServer.user(), MigrationServer.password())
                .load();
        application.migrate();
        int newer = versions("V").getLast() + 1;
        try (Connection c = Jdbc.connect(url, MigrationServer.user(), MigrationServer.password());
                var insert = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, version,"
                        + " description, type, script, checksum, installed_by, execution_time, success)"
                        + " SELECT MAX(installed_rank) + 1, ?, 'newer release', 'SQL', ?, 1, 'test', 1, 1"
                        + " FROM flyway_schema_history")) {
            insert.setString(1, String.valueOf(newer));
            insert.setString(2, "V" + newer + "__newer_release.sql");
            insert.executeUpdate();
        }
        MigrateResult again = application.migrate();
        assertTrue(again.success);
        assertEquals(0, again.migrationsExecuted);
    }

    @Test
    void theBaselineHoldsNoTriggerRoutineViewOrEvent() throws IOException {
        int baseline = latestBaseline();
        String script = Files.readString(MIGRATIONS.resolve("B" + baseline + "__baseline.sql"));
        Matcher forbidden = Pattern.compile("(?i)CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:DEFINER\\s*=\\s*\\S+\\s+)?"
                        + "(TRIGGER|PROCEDURE|FUNCTION|EVENT|VIEW)\\b")
                .matcher(script.replaceAll("(?m)--.*$", ""));
        if (forbidden.find()) {
            throw new AssertionError("the baseline creates a " + forbidden.group(1) + ": " + forbidden.group());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The application's Flyway configuration (its packaged migrations and settings) on another database. */
    private org.flywaydb.core.api.configuration.FluentConfiguration configured(
            String url, String user, String password) {
        return Flyway.configure(Thread.currentThread().getContextClassLoader())
                .configuration(flyway.getConfiguration())
                .dataSource(url, user, password);
    }

    /** A database migrated through every V script, as databases installed before the baseline were. */
    private synchronized String chain() {
        if (chainUrl == null) {
            String url = MigrationServer.database(TestDatabase.NAME + "_chain");
            configured(url, MigrationServer.user(), MigrationServer.password())
                    .configuration(Map.of("flyway.baselineMigrationPrefix", NO_BASELINE))
                    .load()
                    .migrate();
            chainUrl = url;
        }
        return chainUrl;
    }

    /** A new database migrated by an account with only the documented grant. */
    private synchronized String fresh() {
        if (freshUrl == null) {
            String name = TestDatabase.NAME + "_fresh";
            String url = MigrationServer.database(name);
            String user = TestDatabase.NAME + "_migrator";
            String password = "Migrator-" + Long.toHexString(System.nanoTime());
            MigrationServer.account(user, password, documentedGrant().replace("switchboard.*", "`" + name + "`.*"));
            MigrateResult result = configured(url, user, password).load().migrate();
            assertTrue(result.success, "migrate as " + user);
            freshUrl = url;
        }
        return freshUrl;
    }

    private static void assertHistoryStartsAtTheBaseline(Connection c) throws SQLException {
        int baseline = latestBaseline();
        List<String> history = rows(
                c,
                "SELECT CONCAT(type, ' ', version) FROM flyway_schema_history"
                        + " WHERE success = 1 ORDER BY installed_rank");
        assertFalse(history.isEmpty(), "no migration applied");
        assertEquals("SQL_BASELINE " + baseline, history.getFirst(), "history: " + history);
        List<String> expectedAfter = versions("V").stream()
                .filter(v -> v > baseline)
                .map(v -> "SQL " + v)
                .toList();
        assertEquals(expectedAfter, history.subList(1, history.size()), "after the baseline, the V scripts above it");
    }

    /** The GRANT statement of the database section of docs/operations.md, for database switchboard. */
    static String documentedGrant() {
        try {
            Matcher grant = Pattern.compile("(?m)^GRANT [^;]+ ON switchboard\\.\\* TO [^;]+;")
                    .matcher(Files.readString(OPERATIONS));
            assertTrue(grant.find(), "no GRANT ... ON switchboard.* in " + OPERATIONS);
            String statement = grant.group();
            assertFalse(grant.find(), "two GRANTs in " + OPERATIONS);
            return statement.substring(0, statement.indexOf(" TO "));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int latestBaseline() {
        List<Integer> baselines = versions("B");
        assertFalse(baselines.isEmpty(), "no B<version>__baseline.sql in " + MIGRATIONS);
        return baselines.getLast();
    }

    /** The versions of the migration files with this prefix (V or B), ascending. */
    static List<Integer> versions(String prefix) {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals(prefix))
                    .map(m -> Integer.parseInt(m.group(2)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a schema is made of, as comparable text: tables and their options, columns, indexes, constraints,
     * triggers, routines, views, events, and every table's rows (Flyway's own history table left out).
     */
    static Map<String, List<String>> snapshot(String url) throws SQLException {
        String notHistory = " AND table_name <> 'flyway_schema_history'";
        Map<String, List<String>> snapshot = new LinkedHashMap<>();
        try (Connection c = Jdbc.connect(url, MigrationServer.user(), MigrationServer.password())) {
            snapshot.put(
                    "tables",
                    rows(
                            c,
                            "SELECT table_name, table_type, engine, row_format, table_collation,"
                                    + " create_options, table_comment, auto_increment FROM information_schema.tables"
                                    + " WHERE table_schema = DATABASE()" + notHistory));
            snapshot.put(
                    "columns",
                    rows(
                            c,
                            "SELECT table_name, column_name, ordinal_position, column_default,"
                                    + " is_nullable, column_type, character_set_name, collation_name, column_key, extra,"
                                    + " column_comment, is_generated, generation_expression FROM information_schema.columns"
                                    + " WHERE table_schema = DATABASE()" + notHistory));
            snapshot.put(
                    "indexes",
                    rows(
                            c,
                            "SELECT table_name, index_name, non_unique, seq_in_index, column_name,"
                                    + " collation, sub_part, nullable, index_type, index_comment, ignored"
                                    + " FROM information_schema.statistics WHERE table_schema = DATABASE()"
                                    + notHistory));
            snapshot.put(
                    "constraints",
                    rows(
                            c,
                            "SELECT table_name, constraint_name, constraint_type"
                                    + " FROM information_schema.table_constraints WHERE table_schema = DATABASE()"
                                    + notHistory));
            snapshot.put(
                    "key columns",
                    rows(
                            c,
                            "SELECT table_name, constraint_name, column_name,"
                                    + " ordinal_position, position_in_unique_constraint, referenced_table_name,"
                                    + " referenced_column_name FROM information_schema.key_column_usage"
                                    + " WHERE table_schema = DATABASE()" + notHistory));
            snapshot.put(
                    "foreign keys",
                    rows(
                            c,
                            "SELECT table_name, constraint_name, unique_constraint_name,"
                                    + " referenced_table_name, match_option, update_rule, delete_rule"
                                    + " FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()"));
            snapshot.put(
                    "checks",
                    rows(
                            c,
                            "SELECT table_name, constraint_name, level, check_clause"
                                    + " FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()"));
            snapshot.put(
                    "triggers",
                    rows(
                            c,
                            "SELECT trigger_name FROM information_schema.triggers"
                                    + " WHERE trigger_schema = DATABASE()"));
            snapshot.put(
                    "routines",
                    rows(
                            c,
                            "SELECT routine_type, routine_name FROM information_schema.routines"
                                    + " WHERE routine_schema = DATABASE()"));
            snapshot.put(
                    "views",
                    rows(c, "SELECT table_name FROM information_schema.views" + " WHERE table_schema = DATABASE()"));
            snapshot.put(
                    "events",
                    rows(c, "SELECT event_name FROM information_schema.events" + " WHERE event_schema = DATABASE()"));
            List<String> data = new ArrayList<>();
            for (String table : rows(
                    c,
                    "SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'" + notHistory)) {
                for (String row : rows(c, "SELECT * FROM `" + table + "`")) {
                    data.add(table + ": " + row);
                }
            }
            snapshot.put("rows", data);
        }
        snapshot.replaceAll((kind, list) -> list.stream().sorted().toList());
        return snapshot;
    }

    /** Per kind, what only the chain has and what only the baseline has; empty when they are equal. */
    static String difference(Map<String, List<String>> chain, Map<String, List<String>> baseline) {
        StringBuilder out = new StringBuilder();
        for (String kind : chain.keySet()) {
            var onlyChain = new TreeSet<>(chain.get(kind));
            onlyChain.removeAll(baseline.get(kind));
            var onlyBaseline = new TreeSet<>(baseline.get(kind));
            onlyBaseline.removeAll(chain.get(kind));
            onlyChain.forEach(line -> out.append(kind)
                    .append(", only in the V chain: ")
                    .append(line)
                    .append('\n'));
            onlyBaseline.forEach(line -> out.append(kind)
                    .append(", only in the baseline: ")
                    .append(line)
                    .append('\n'));
        }
        return out.toString();
    }

    /** Each row as its columns' text joined by " | " (NULL as \N). */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var statement = c.createStatement();
                var rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(Objects.requireNonNullElse(rs.getString(i), "\\N"));
                }
                rows.add(values.stream().collect(Collectors.joining(" | ")));
            }
        }
        return rows;
    }
}
