package io.switchboard.bench;

import io.switchboard.testing.Jdbc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The packaged service as the benchmarks run it: its own database on a MariaDB server (recreated per run, used
 * through an account of its own as in production), started from {@code target/quarkus-app}, logging to
 * {@code target/bench-service.log}.
 */
public final class BenchService {

    static final String SECRETS_KEY = "YmVuY2gtb25seS1zZWNyZXRzLWtleS0zMi1ieXRlcyE=";
    private static final String APP_USER = "switchboard_bench";
    private static final String APP_PASSWORD = "switchboard-bench";

    private BenchService() {}

    /** Drops and creates {@code database} and lets the service's account use it. */
    public static void recreateDatabase(String serverUrl, String user, String password, String database)
            throws SQLException {
        try (Connection c = Jdbc.connect(serverUrl + "/", user, password);
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            for (String host : List.of("localhost", "127.0.0.1")) {
                s.execute("CREATE USER IF NOT EXISTS '" + APP_USER + "'@'" + host + "' IDENTIFIED BY '" + APP_PASSWORD
                        + "'");
                s.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + APP_USER + "'@'" + host + "'");
            }
        }
    }

    /** Starts the packaged service on {@code port} against {@code jdbcUrl}, with {@code env} on top. */
    static Process start(int port, String jdbcUrl, Map<String, String> env) throws Exception {
        return start(port, jdbcUrl, env, "bench-service.log");
    }

    /** As {@link #start(int, String, Map)}, logging to {@code target/<logName>}. */
    public static Process start(int port, String jdbcUrl, Map<String, String> env, String logName) throws Exception {
        return start(port, jdbcUrl, env, logName, "/q/health/ready");
    }

    /** As {@link #start(int, String, Map, String)}, but only waits until it is live (ready or not). */
    static Process startUnready(int port, String jdbcUrl, Map<String, String> env, String logName) throws Exception {
        return start(port, jdbcUrl, env, logName, "/q/health/live");
    }

    private static Process start(int port, String jdbcUrl, Map<String, String> env, String logName, String health)
            throws Exception {
        Process service = launch(Path.of("target", "quarkus-app"), List.of(), port, jdbcUrl, env, logName);
        awaitReady(service, port, health, 250);
        return service;
    }

    /**
     * Starts the service packaged in {@code app} (a {@code quarkus-app} folder) with {@code jvmArgs} on {@code port}
     * against {@code jdbcUrl}, with {@code env} on top, logging to {@code target/<logName>}; does not wait for it.
     */
    static Process launch(
            Path app, List<String> jvmArgs, int port, String jdbcUrl, Map<String, String> env, String logName)
            throws Exception {
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (" + jar + " is missing)");
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", logName).toFile());
        Map<String, String> environment = builder.environment();
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        environment.put("QUARKUS_DATASOURCE_USERNAME", APP_USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", APP_PASSWORD);
        environment.put("SWITCHBOARD_SECRETS_KEY", SECRETS_KEY);
        environment.put("SWITCHBOARD_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        environment.put("QUARKUS_LOG_LEVEL", "WARN");
        // One tenant at benchmark rates: the limits stay on (their cost is measured) at the platform's maxima, far
        // above what the load reaches.
        environment.put("SWITCHBOARD_LIMITS_API_PER_MINUTE", "60000");
        environment.put("SWITCHBOARD_LIMITS_API_BURST", "60000");
        environment.put("SWITCHBOARD_LIMITS_PUBLIC_ENDPOINTS_PER_MINUTE", "600000");
        environment.put("SWITCHBOARD_LIMITS_PUBLIC_ENDPOINTS_BURST", "600000");
        environment.put("SWITCHBOARD_LIMITS_SMS_PER_DAY", "1000000");
        // The harnesses' providers (WireMock) listen on loopback, which the egress policy refuses to tenants' URLs.
        environment.put("SWITCHBOARD_EGRESS_ALLOW", "127.0.0.0/8,::1/128");
        environment.putAll(env);
        return builder.start();
    }

    public static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until {@code health} of the service on {@code port} answers 200, asking every {@code pollMillis}; fails
     * when the service stops first or is not ready within 2 minutes.
     */
    static void awaitReady(Process service, int port, String health, long pollMillis) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + health))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("The service stopped while starting; see its log in target/");
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(pollMillis);
        }
        throw new IllegalStateException(
                "The service on port " + port + " did not become ready; see its log in target/");
    }

    /** The resident memory of process {@code pid} in kB (Linux); -1 when it has stopped. */
    static long residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException gone) {
            // the process has stopped
        }
        return -1;
    }
}
