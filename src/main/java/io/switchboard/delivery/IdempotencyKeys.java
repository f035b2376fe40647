package io.switchboard.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Remembers the Idempotency-Key of each reply (and post) for a while, per tenant and operator. Concurrent requests with one
 * key meet on the table's primary key: the first inserts its row, the others wait for it to commit and then find
 * it (or insert theirs if it rolled back).
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The longest Idempotency-Key taken. */
    public static final int MAX_KEY_LENGTH = 200;

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final int PURGE_BATCH = 1000;

    private final EntityManager em;
    private final Clock clock;
    private final Duration retention;

    IdempotencyKeys(EntityManager em, Clock clock, SwitchboardConfig config) {
        this.em = em;
        this.clock = clock;
        this.retention = config.delivery().idempotencyRetention();
    }

    /**
     * Takes {@code key} for the message about to be written, in the caller's transaction (a rollback releases it).
     * Empty when the key is new; the earlier message's id when the same request used it before; 422 when a
     * different request did.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> claim(
            String tenantId, String operatorId, String key, String fingerprint, String messageId, Instant now) {
        for (int attempt = 0; attempt < 2; attempt++) {
            int inserted = em.createNativeQuery("INSERT IGNORE INTO idempotency_key (tenant_id, operator_id,"
                            + " idempotency_key, fingerprint, message_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, tenantId)
                    .setParameter(2, operatorId)
                    .setParameter(3, key)
                    .setParameter(4, fingerprint)
                    .setParameter(5, messageId)
                    .setParameter(6, now)
                    .executeUpdate();
            if (inserted == 1) {
                return Optional.empty();
            }
            List<?> rows = em.createNativeQuery(
                            "SELECT fingerprint, message_id FROM idempotency_key"
                                    + " WHERE tenant_id = ?1 AND operator_id = ?2 AND idempotency_key = ?3",
                            Tuple.class)
                    .setParameter(1, tenantId)
                    .setParameter(2, operatorId)
                    .setParameter(3, key)
                    .getResultList();
            Optional<StoredKey> earlier = rows.stream()
                    .map(Tuple.class::cast)
                    .map(t -> new StoredKey(t.get("fingerprint", String.class), t.get("message_id", String.class)))
                    .findFirst();
            if (earlier.isPresent()) {
                if (!fingerprint.equals(earlier.get().fingerprint())) {
                    throw new IdempotencyKeyReusedException();
                }
                return Optional.of(earlier.get().messageId());
            }
            // Purged between the two statements: try once more.
        }
        throw new IllegalStateException("The Idempotency-Key could neither be stored nor found");
    }

    /** A key stored by an earlier request: what that request was, and the message it wrote. */
    private record StoredKey(String fingerprint, String messageId) {}

    /** The key as given, or 400 when it is not 1 to {@value #MAX_KEY_LENGTH} visible ASCII characters. */
    public static String valid(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw InvalidRequestException.ofField(
                    "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return key;
    }

    @Scheduled(
            identity = "delivery-idempotency-purge",
            executeWith = Scheduled.SIMPLE,
            every = "1h",
            delay = 1,
            delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        int purged = purge(clock.instant().minus(retention));
        if (purged > 0) {
            LOG.debugf("Forgot %d idempotency keys", purged);
        }
    }

    /** Forgets keys stored before {@code before}, in every tenant, a batch per transaction; returns how many. */
    @ActivateRequestContext
    int purge(Instant before) {
        int total = 0;
        while (true) {
            int purged = QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery(
                                    "DELETE FROM idempotency_key WHERE created_at < ?1 LIMIT " + PURGE_BATCH)
                            .setParameter(1, before)
                            .executeUpdate());
            total += purged;
            if (purged < PURGE_BATCH) {
                return total;
            }
        }
    }
}
