package io.switchboard.staff;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.tenancy.TenantUnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Keeps availability true to the console: an operator who closed every console (every live stream of theirs, on
 * every replica) and stayed ONLINE would go on receiving conversations by auto-assignment that nobody reads. Each
 * replica counts the streams it holds per operator and stamps {@code operator.stream_seen_at} for them every
 * {@code switchboard.presence.refresh-every} (30 s); any replica then sets AWAY the ONLINE operators not seen for
 * {@code switchboard.presence.away-after-disconnect} (2 min: a reload or a token refresh reconnects well within it).
 * Operators who never opened a stream (API-only clients) are left alone. Coming back is the operator's choice: the
 * console shows them AWAY until they set themselves ONLINE again.
 */
@ApplicationScoped
public class StreamPresence {

    private static final Logger LOG = Logger.getLogger(StreamPresence.class);
    private static final int STAMP_BATCH = 500;

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AgroalDataSource dataSource;
    private final OperatorAvailability availability;
    private final TenantUnitOfWork unitOfWork;
    private final Clock clock;
    private final Duration awayAfter;

    public StreamPresence(
            AgroalDataSource dataSource,
            OperatorAvailability availability,
            TenantUnitOfWork unitOfWork,
            Clock clock,
            SwitchboardConfig config) {
        this.dataSource = dataSource;
        this.availability = availability;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.awayAfter = config.presence().awayAfterDisconnect();
    }

    /**
     * Counts a stream of the operator as open on this replica, and stamps them as seen now (blocking: call it where a
     * database call may run).
     *
     * @return ends that count, once however often it is run; it may run on any thread and does not block
     */
    public Runnable opened(String operatorId) {
        open.compute(operatorId, (id, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            counter.incrementAndGet();
            return counter;
        });
        stamp(List.of(operatorId), clock.instant());
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                open.computeIfPresent(operatorId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        };
    }

    /** Streams the operator has open on this replica. */
    public int open(String operatorId) {
        AtomicInteger count = open.get(operatorId);
        return count == null ? 0 : count.get();
    }

    @Scheduled(
            identity = "presence-refresh",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.presence.refresh-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        refresh(clock.instant());
    }

    /**
     * Stamps this replica's streaming operators as seen at {@code now}, then sets AWAY every ONLINE operator of any
     * tenant not seen since the grace period; returns how many it set AWAY.
     */
    public int refresh(Instant now) {
        stamp(List.copyOf(open.keySet()), now);
        if (awayAfter.isZero() || awayAfter.isNegative()) {
            return 0;
        }
        Instant cutoff = now.minus(awayAfter);
        int away = 0;
        for (Left left : leftBefore(cutoff)) {
            try {
                if (unitOfWork.call(
                        left.tenantId(), () -> availability.awayAfterDisconnect(left.operatorId(), cutoff))) {
                    LOG.debugf("Operator %s closed their last console; set AWAY", left.operatorId());
                    away++;
                }
            } catch (RuntimeException e) {
                // One operator's failure must not hold up the others; the next refresh tries again.
                LOG.warnf(e, "Setting operator %s away after their console closed failed", left.operatorId());
            }
        }
        return away;
    }

    private record Left(String tenantId, String operatorId) {}

    private void stamp(List<String> operatorIds, Instant now) {
        for (int from = 0; from < operatorIds.size(); from += STAMP_BATCH) {
            stampBatch(operatorIds.subList(from, Math.min(operatorIds.size(), from + STAMP_BATCH)), now);
        }
    }

    private void stampBatch(List<String> operatorIds, Instant now) {
        // Operator ids are unique across tenants; GREATEST keeps a later stamp of another replica.
        String placeholders =
                String.join(",", operatorIds.stream().map(id -> "?").toList());
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE operator SET stream_seen_at ="
                        + " GREATEST(COALESCE(stream_seen_at, ?), ?) WHERE id IN (" + placeholders + ")")) {
            UtcColumns.set(update, 1, now);
            UtcColumns.set(update, 2, now);
            int i = 3;
            for (String id : operatorIds) {
                update.setString(i++, id);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            // Not fatal: the stamp of the next refresh covers it well within the grace period.
            LOG.warnf(e, "Stamping %d streaming operators as seen failed", operatorIds.size());
        }
    }

    /** ONLINE operators, in every tenant, who streamed once but not since {@code cutoff}. */
    private List<Left> leftBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT tenant_id, id FROM operator"
                        + " WHERE availability = 'ONLINE' AND stream_seen_at < ? ORDER BY stream_seen_at LIMIT 500")) {
            UtcColumns.set(select, 1, cutoff);
            List<Left> left = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    left.add(new Left(rs.getString(1), rs.getString(2)));
                }
            }
            return left;
        } catch (SQLException e) {
            throw new IllegalStateException("Looking for operators who closed their console failed", e);
        }
    }
}
