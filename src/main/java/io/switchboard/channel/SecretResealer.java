package io.switchboard.channel;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Seals again, with the current key, every channel secret sealed with another one (after a key rotation), across
 * all tenants: the bulk re-encryption of issue 14 point 8. Runs once on each replica after it started (unless
 * {@code switchboard.secrets-reseal-at-start} is false), so a platform operator rotates by deploying with the new key
 * and the old one among the previous keys, and removes the old one once the log says nothing needs it any more. No
 * endpoint: keys are the platform's configuration, not any tenant's business, and every API caller is a tenant's.
 *
 * <p>Batches of {@code switchboard.secrets-reseal-batch} rows, one transaction each, in id order. A row is written
 * only if it still holds the value read ({@code WHERE secrets = ?}): a tenant's change in between, or another replica
 * re-sealing the same rows, wins and is counted as such. Running it again finds nothing to do.
 */
@ApplicationScoped
public class SecretResealer {

    private static final Logger LOG = Logger.getLogger(SecretResealer.class);

    /** What one run did. */
    public record Outcome(int resealed, int changedMeanwhile, int unreadable) {}

    private final SecretBox box;
    private final DataSource dataSource;
    private final SwitchboardConfig config;

    SecretResealer(SecretBox box, AgroalDataSource dataSource, SwitchboardConfig config) {
        this.box = box;
        this.dataSource = dataSource;
        this.config = config;
    }

    void atStart(@Observes StartupEvent started) {
        if (config.secretsResealAtStart()) {
            Thread.ofVirtual().name("secrets-reseal").start(() -> {
                try {
                    resealAll();
                } catch (RuntimeException e) {
                    LOG.error(
                            "Re-sealing channel secrets with the current key failed; it runs again at the next"
                                    + " start",
                            e);
                }
            });
        }
    }

    /** Re-seals with this replica's key and logs what it did. */
    public Outcome resealAll() {
        Outcome outcome = reseal(box, dataSource, config.secretsResealBatch());
        if (outcome.resealed() > 0 || outcome.unreadable() > 0 || outcome.changedMeanwhile() > 0) {
            LOG.infof(
                    "Channel secrets sealed again with key %s: %d; changed meanwhile (left as written): %d;"
                            + " unreadable with the configured keys (left alone): %d",
                    box.writingKeyId(), outcome.resealed(), outcome.changedMeanwhile(), outcome.unreadable());
        }
        if (outcome.unreadable() == 0 && config.secretsPreviousKeys().isPresent()) {
            LOG.infof(
                    "Every channel secret is sealed with key %s: switchboard.secrets-previous-keys are no longer"
                            + " needed by the stored secrets",
                    box.writingKeyId());
        }
        return outcome;
    }

    /** Re-seals every secret {@code box} does not write with, {@code batch} rows per transaction. */
    static Outcome reseal(SecretBox box, DataSource dataSource, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("switchboard.secrets-reseal-batch must be at least 1");
        }
        String current = "v2:" + box.writingKeyId() + ":%";
        int resealed = 0;
        int changed = 0;
        int unreadable = 0;
        String after = "";
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                List<Sealed> rows = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT id, secrets FROM channel WHERE secrets IS NOT NULL AND secrets NOT LIKE ? AND id > ?"
                                + " ORDER BY id LIMIT ?")) {
                    select.setString(1, current);
                    select.setString(2, after);
                    select.setInt(3, batch);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Sealed(rs.getString("id"), rs.getString("secrets")));
                        }
                    }
                }
                if (rows.isEmpty()) {
                    c.commit();
                    return new Outcome(resealed, changed, unreadable);
                }
                try (PreparedStatement update =
                        c.prepareStatement("UPDATE channel SET secrets = ? WHERE id = ? AND secrets = ?")) {
                    for (Sealed row : rows) {
                        String id = row.id();
                        String sealed;
                        try {
                            sealed = box.seal(box.open(row.secrets(), id), id);
                        } catch (IllegalStateException e) {
                            unreadable++;
                            LOG.warnf(
                                    "The secrets of channel %s do not open with any configured key: %s",
                                    id, e.getMessage());
                            continue;
                        }
                        update.setString(1, sealed);
                        update.setString(2, id);
                        update.setString(3, row.secrets());
                        if (update.executeUpdate() == 1) {
                            resealed++;
                        } else {
                            changed++;
                        }
                    }
                }
                c.commit();
                after = rows.get(rows.size() - 1).id();
            } catch (SQLException e) {
                throw new IllegalStateException("Re-sealing channel secrets failed", e);
            }
        }
    }

    /** A channel whose secrets are sealed with another key than the writing one. */
    private record Sealed(String id, String secrets) {}
}
