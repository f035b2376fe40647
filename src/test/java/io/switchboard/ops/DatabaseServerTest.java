package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.EmbeddedMariaDb;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suite runs on the server CI installs and, on a machine without one, on the embedded server: both must be
 * what production is told to run (the README's supported series, utf8mb4), or a test can pass on one and fail on
 * the other, as a query whose result type changed between MariaDB 10.11 and 11.4 once did.
 */
@QuarkusTest
class DatabaseServerTest {

    /** The MariaDB release series production supports (README, docs); the embedded server is pinned to it. */
    static final List<String> SUPPORTED_SERIES = List.of("10.11");

    @Inject
    Sql sql;

    @Test
    void theServerIsOfASupportedSeries() {
        String version = (String) sql.single("SELECT VERSION()");
        assertTrue(
                SUPPORTED_SERIES.stream().anyMatch(series -> version.startsWith(series + ".")),
                "The tests run on MariaDB " + version + ", but production supports " + SUPPORTED_SERIES);
        assertTrue(
                SUPPORTED_SERIES.contains(EmbeddedMariaDb.series()),
                "The embedded MariaDB " + EmbeddedMariaDb.VERSION + " is not of a supported series");
    }

    @Test
    void textIsStoredAsUtf8mb4WithTheMigrationsCollation() {
        assertEquals("utf8mb4", sql.single("SELECT @@character_set_server"));
        assertEquals("utf8mb4", sql.single("SELECT @@character_set_database"));
        assertEquals(EmbeddedMariaDb.COLLATION, sql.single("SELECT @@collation_database"));
        assertEquals("utf8mb4", sql.single("SELECT @@character_set_connection"));
        List<Object> notUtf8mb4 = sql.column("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
                + " AND table_collation NOT LIKE 'utf8mb4%'");
        assertEquals(List.of(), notUtf8mb4, "tables that cannot hold every Unicode character (emoji)");
        List<Object> narrowColumns = sql.column("SELECT CONCAT(table_name, '.', column_name)"
                + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND character_set_name NOT IN ('utf8mb4', 'ascii', 'binary')");
        // ascii is kept for identifiers and codes on purpose; any other set (latin1, utf8mb3) would lose text.
        assertEquals(List.of(), narrowColumns, "text columns that cannot hold every Unicode character (emoji)");
    }

    /**
     * The schema holds tables only (V54): every rule lives in the application, and the database account needs no
     * TRIGGER or routine privileges (nor log_bin_trust_function_creators).
     */
    @Test
    void theMigratedSchemaHasNoTriggersAndNoStoredRoutines() {
        assertEquals(
                List.of(),
                sql.column("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"),
                "triggers");
        assertEquals(
                List.of(),
                sql.column("SELECT routine_name FROM information_schema.routines WHERE routine_schema = DATABASE()"),
                "stored functions and procedures");
    }

    @Test
    void fourByteCharactersRoundTripThroughTheConnection() {
        String text = "Merci 🙏 pour votre réponse 😀";
        assertEquals(text, sql.single("SELECT CAST(? AS CHAR)", text));
    }
}
