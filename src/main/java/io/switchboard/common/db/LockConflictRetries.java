package io.switchboard.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * {@link RetryOnLockConflict}: up to {@value #ATTEMPTS} runs of a transaction that lost a deadlock or waited too long
 * for a lock, a few milliseconds apart (random, so two that collided do not collide again). Runs outside the
 * {@code @Transactional} interceptor (a lower priority), so each run is a transaction of its own; what a rolled-back
 * run had scheduled for after its commit (events, live updates) never happened. The last failure goes to the caller
 * (503 with Retry-After, see {@code ProblemMappers}). Counted in {@code switchboard.transactions.lock.conflicts}
 * by outcome.
 */
@RetryOnLockConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class LockConflictRetries {

    static final int ATTEMPTS = 3;

    /** MariaDB's "Deadlock found when trying to get lock" and "Lock wait timeout exceeded". */
    private static final int DEADLOCK = 1213;

    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private static final Logger LOG = Logger.getLogger(LockConflictRetries.class);

    private final TransactionManager transactions;
    private final Counter retried;
    private final Counter gaveUp;

    public LockConflictRetries(TransactionManager transactions, MeterRegistry metrics) {
        this.transactions = transactions;
        this.retried = metrics.counter("switchboard.transactions.lock.conflicts", "outcome", "retried");
        this.gaveUp = metrics.counter("switchboard.transactions.lock.conflicts", "outcome", "gave-up");
    }

    @AroundInvoke
    Object retry(InvocationContext invocation) throws Exception {
        if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
            return invocation.proceed();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                if (!lockConflict(e) || inTransaction()) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    gaveUp.increment();
                    throw e;
                }
                retried.increment();
                LOG.debugf(
                        "%s.%s lost a lock conflict (attempt %d); running it again: %s",
                        invocation.getMethod().getDeclaringClass().getSimpleName(),
                        invocation.getMethod().getName(),
                        attempt,
                        e);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 10_000_000L * attempt));
            }
        }
    }

    /** Whether the method left a transaction behind (it did not start and end one): then nothing is retried. */
    private boolean inTransaction() throws SystemException {
        return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
    }

    /** A deadlock or a lock wait timeout anywhere in the causes, as JPA, Hibernate or the driver reports it. */
    public static boolean lockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof org.hibernate.exception.LockAcquisitionException
                    || t instanceof org.hibernate.PessimisticLockException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == DEADLOCK
                            || sql.getErrorCode() == LOCK_WAIT_TIMEOUT
                            || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
