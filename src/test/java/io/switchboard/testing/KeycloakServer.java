package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts an unpacked Keycloak distribution in development mode ({@code kc.sh start-dev --import-realm}) as a child
 * process, for the end-to-end tests and for the local developer launcher. JDK classes only.
 *
 * <ul>
 *   <li>The realm file is copied to {@code <keycloakHome>/data/import/}, the only directory {@code --import-realm}
 *       reads (other {@code *.json} files there are removed first). When the realm already exists in the database (a
 *       reused data directory), Keycloak skips the import.
 *   <li>The dev-file H2 database lives in {@code <dataDir>/h2/keycloakdb.mv.db}, set with the {@code --db-url} option.
 *   <li>Keycloak's console output (stdout and stderr) goes to {@code <dataDir>/keycloak.log}, truncated on each start.
 *   <li>HTTP listens on {@code 127.0.0.1:<httpPort>} only. Tokens obtained through {@link #realmUrl()} carry
 *       {@code iss = http://127.0.0.1:<port>/realms/<realm>}.
 *   <li>A bootstrap admin {@code admin}/{@code admin} is created in the master realm on the first start of a data
 *       directory (admin console at {@code http://127.0.0.1:<port>/admin/}); local use only.
 * </ul>
 *
 * <p>Two instances cannot share one {@code dataDir} at the same time ({@value #LOCK_FILE_NAME} there is locked while a
 * server runs). They may share one {@code keycloakHome}, but start from it one after the other ({@value
 * #START_LOCK_FILE_NAME} there is locked until the server answers): the first start-dev re-augments the distribution
 * in place (about 25 s, once per distribution), and each start reads its realm from the distribution's folder.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String DEFAULT_REALM = "switchboard";
    public static final String LOG_FILE_NAME = "keycloak.log";
    public static final String LOCK_FILE_NAME = "keycloak-server.lock";
    /** In the distribution: held while a server starts from it. */
    public static final String START_LOCK_FILE_NAME = ".switchboard-start.lock";

    public static final String BOOTSTRAP_ADMIN_USERNAME = "admin";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "admin";

    private static final String HOST = "127.0.0.1";
    private static final int LOG_TAIL_LINES = 80;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern REALM_NAME = Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    /** Environment variables that would silently change how kc.sh or Keycloak behave. */
    private static final List<String> SCRUBBED_ENV_PREFIXES = List.of("KC_", "QUARKUS_", "JAVA_OPTS");

    private static final List<String> SCRUBBED_ENV_NAMES = List.of(
            "JAVA_ADD_OPENS", "JAVA_LOCALE", "DEBUG", "DEBUG_PORT", "DEBUG_SUSPEND", "PRINT_ENV", "JAVA_TOOL_OPTIONS");

    private final Process process;
    private final FileLock dataDirLock;
    private final int httpPort;
    private final String realm;
    private final Path logFile;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private KeycloakServer(
            Process process, FileLock dataDirLock, int httpPort, String realm, Path logFile, HttpClient http) {
        this.process = process;
        this.dataDirLock = dataDirLock;
        this.httpPort = httpPort;
        this.realm = realm;
        this.logFile = logFile;
        this.http = http;
        this.shutdownHook = new Thread(() -> destroyTree(process, Duration.ofSeconds(10)), "keycloak-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts Keycloak and waits until the realm's OpenID configuration answers 200.
     *
     * @param keycloakHome the unpacked distribution (the directory containing {@code bin/kc.sh})
     * @param realmFile the realm export to import (the realm name is read from its {@code "realm"} field)
     * @param dataDir where the H2 database and {@value #LOG_FILE_NAME} are kept; created when missing
     * @param httpPort the HTTP port on 127.0.0.1; must be free
     * @param timeout how long to wait for the realm to become available
     * @throws IllegalStateException if the port is taken, the process exits, or the timeout passes; the message
     *     contains the tail of the Keycloak log
     */
    public static KeycloakServer start(Path keycloakHome, Path realmFile, Path dataDir, int httpPort, Duration timeout)
            throws IOException, InterruptedException {
        Path home = keycloakHome.toAbsolutePath().normalize();
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalArgumentException("Not a Keycloak distribution (no bin/kc.sh): " + home);
        }
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalArgumentException("Realm file not found: " + realmFile.toAbsolutePath());
        }
        if (!isPortFree(httpPort)) {
            throw new IllegalStateException("Port " + httpPort + " on " + HOST
                    + " is already in use (another Keycloak still running?); refusing to start");
        }

        String realm = realmName(realmFile);
        Path data = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(data.resolve("h2"));
        FileLock lock = lockDataDir(data);
        // One start at a time per distribution, across processes: the first start-dev of a distribution re-augments
        // it in place, and every start reads its realm from the distribution's import folder. The distribution is
        // shared by every clone on the machine (keycloak.home), so two test runs may start Keycloak at once.
        try (FileChannel startChannel = FileChannel.open(
                        home.resolve(START_LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock starting = startChannel.lock()) {
            return start(home, kcSh, realmFile, realm, data, lock, httpPort, timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            releaseQuietly(lock);
            throw e;
        }
    }

    private static KeycloakServer start(
            Path home,
            Path kcSh,
            Path realmFile,
            String realm,
            Path data,
            FileLock lock,
            int httpPort,
            Duration timeout)
            throws IOException, InterruptedException {
        Path importDir = home.resolve("data").resolve("import");
        Files.createDirectories(importDir);
        try (var stale = Files.newDirectoryStream(importDir, "*.json")) {
            for (Path file : stale) {
                Files.delete(file); // --import-realm imports every file there; keep exactly the one asked for
            }
        }
        Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);

        Path logFile = data.resolve(LOG_FILE_NAME);

        List<String> command = new ArrayList<>();
        if (!Files.isExecutable(kcSh) && !kcSh.toFile().setExecutable(true)) {
            command.add("/bin/sh"); // the exec bit got lost when unpacking and cannot be restored
        }
        command.add(kcSh.toString());
        command.add("start-dev");
        command.add("--import-realm");
        command.add("--http-host=" + HOST);
        command.add("--http-port=" + httpPort);
        command.add("--db-url=" + h2Url(data));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(KeycloakServer::scrubbed);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN_PASSWORD);

        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        KeycloakServer server = new KeycloakServer(builder.start(), lock, httpPort, realm, logFile, http);
        try {
            server.awaitReady(timeout);
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The distribution the build unpacked: {@code keycloak.home} as Maven passes it, else where the build unpacks it
     * by default (the pom's {@code keycloak.home}, shared by the machine's clones).
     */
    public static Path distribution() {
        String home = System.getProperty("keycloak.home");
        return home != null
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "switchboard", "keycloak-26.7.3");
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    /** {@code http://127.0.0.1:<port>/realms/<realm>}; also the {@code iss} of the tokens obtained here. */
    public String realmUrl() {
        return baseUrl() + "/realms/" + realm;
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + httpPort;
    }

    public String tokenEndpoint() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public int httpPort() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Resource-owner password grant; returns the {@code access_token}.
     *
     * @throws IllegalStateException if Keycloak does not answer 200 (for example wrong credentials)
     */
    public String passwordGrantToken(String clientId, String clientSecret, String username, String password) {
        return passwordGrantToken(clientId, clientSecret, username, password, realmUrl());
    }

    private String passwordGrantToken(
            String clientId, String clientSecret, String username, String password, String realmUrl) {
        String tokenEndpoint = realmUrl + "/protocol/openid-connect/token";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        form.put("username", username);
        form.put("password", password);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Token request to " + tokenEndpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during token request", e);
        }
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("Password grant for user '" + username + "' with client '" + clientId
                    + "' failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    /**
     * Adds an origin to a client's web origins through the admin API (as the bootstrap admin), as an operator
     * registers where their console is served: browsers on that origin may then call the token endpoint (CORS).
     */
    public void allowWebOrigin(String clientId, String origin) {
        String admin = passwordGrantToken(
                "admin-cli", null, BOOTSTRAP_ADMIN_USERNAME, BOOTSTRAP_ADMIN_PASSWORD, baseUrl() + "/realms/master");
        String clients = baseUrl() + "/admin/realms/" + realm + "/clients";
        String found = send(
                HttpRequest.newBuilder(URI.create(
                                clients + "?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + admin)
                        .GET(),
                200);
        Matcher id = Pattern.compile("\\{\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(found);
        if (!id.find()) {
            throw new IllegalStateException("No client " + clientId + " in realm " + realm + ": " + found);
        }
        String client = send(
                HttpRequest.newBuilder(URI.create(clients + "/" + id.group(1)))
                        .header("Authorization", "Bearer " + admin)
                        .GET(),
                200);
        String empty = "\"webOrigins\"\\s*:\\s*\\[\\s*\\]";
        String updated = Pattern.compile(empty).matcher(client).find()
                ? client.replaceFirst(empty, "\"webOrigins\":[\"" + origin + "\"]")
                : client.replaceFirst("\"webOrigins\"\\s*:\\s*\\[", "\"webOrigins\":[\"" + origin + "\",");
        send(
                HttpRequest.newBuilder(URI.create(clients + "/" + id.group(1)))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(updated)),
                204);
    }

    private String send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Decodes the (unverified) payload of a JWT to its JSON text; handy for diagnostics. */
    public static String jwtPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not a JWT");
        }
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    /** Stops Keycloak and all its descendant processes, waiting for them to exit. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyTree(process, STOP_TIMEOUT);
        releaseQuietly(dataDirLock);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run; nothing to do
        }
    }

    /** The last lines of {@value #LOG_FILE_NAME}. */
    public String logTail() {
        return tail(logFile, LOG_TAIL_LINES);
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        URI wellKnown = URI.create(realmUrl() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " before "
                        + wellKnown + " became available. Log " + logFile + ":\n" + logTail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(wellKnown)
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
                lastStatus = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Keycloak did not serve " + wellKnown + " within " + timeout
                        + (lastStatus > 0 ? " (last HTTP status " + lastStatus + ")" : " (never answered)")
                        + ". Log " + logFile + ":\n" + logTail());
            }
            Thread.sleep(500);
        }
    }

    private static void destroyTree(Process process, Duration timeout) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        tree.add(process.toHandle());
        // SIGTERM everything: kc.sh forwards it to java, but a java that kc.sh exec'd or restarted is signalled too
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            if (!waitFor(handle, remaining)) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                waitFor(handle, TimeUnit.SECONDS.toNanos(10));
            }
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(ProcessHandle handle, long nanos) {
        if (!handle.isAlive()) {
            return true;
        }
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        try {
            exit.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /**
     * Guards against two servers on one data directory: H2 would refuse the second one anyway, but only after its
     * output had already clobbered the first one's log.
     */
    private static FileLock lockDataDir(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(LOCK_FILE_NAME);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    "Data directory " + dataDir + " is in use by another Keycloak (lock " + lockFile + " is held)");
        }
        return lock;
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            lock.channel().close(); // releases the lock
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    /** The dev-file URL Keycloak would build itself, but rooted at {@code dataDir}. */
    private static String h2Url(Path dataDir) {
        String dir = dataDir.resolve("h2").resolve("keycloakdb").toString().replace('\\', '/');
        return "jdbc:h2:file:" + dir + ";NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=0";
    }

    private static String realmName(Path realmFile) throws IOException {
        Matcher matcher = REALM_NAME.matcher(Files.readString(realmFile, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : DEFAULT_REALM;
    }

    private static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean scrubbed(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SCRUBBED_ENV_NAMES.contains(upper)
                || SCRUBBED_ENV_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
