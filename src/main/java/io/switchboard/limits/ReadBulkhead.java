package io.switchboard.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.load.CriticalWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How many API reads run at once on this replica, in all and per tenant. A read beyond either limit is not queued
 * but refused at once (the caller answers 503 with {@code Retry-After}): a queue would hold worker threads and
 * clients until they time out, while the reads it waits for are the slow ones. The replica's limit stays below the
 * connection pool's size, so the work that must never stop (ingest, the delivery dispatcher, assignment,
 * publishing, the reporting facts) always finds connections; the tenant's limit stays below the replica's, so one
 * tenant's flood does not refuse another tenant's first request. Searches (reads with a {@code q}) have smaller
 * limits of their own besides: a full-text search costs the database hundreds of times a page read, and a handful
 * of them would take the database's cores from every other tenant's replies and ingest (the overload drill).
 * While the critical work runs slower than its usual pace, the replica's limit shrinks and then each tenant's reads
 * get a time budget ({@link AdaptiveReadLimit}); the tenant's debt against that budget is kept here.
 */
@ApplicationScoped
@Startup
public class ReadBulkhead {

    private static final Logger LOG = Logger.getLogger(ReadBulkhead.class);

    /** Fewer critical durations than this since the last look tell nothing about their pace. */
    private static final int MIN_SAMPLES = 5;

    /** A refused read is told to come back within this, however much its tenant owes (the budget may grow). */
    private static final long MAX_BUDGET_WAIT_SECONDS = 30;

    /** Which limit refused a read. */
    public enum Limit {
        REPLICA,
        TENANT,
        SEARCH_REPLICA,
        SEARCH_TENANT,
        /** The tenant's reads used their time budget while the critical work is slow. */
        BUDGET
    }

    /** An admitted read's place; {@link #release} gives it back, once, however often it is called. */
    public final class Permit {
        private final String tenantId;
        private final boolean search;
        private final long startNanos = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String tenantId, boolean search) {
            this.tenantId = tenantId;
            this.search = search;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                charge(tenantId, System.nanoTime() - startNanos);
                if (search) {
                    searches.release(tenantId);
                }
                reads.release(tenantId);
            }
        }
    }

    /** Places in all and per tenant, under limits that may change from one read to the next. */
    private static final class Places {
        private final IntSupplier replicaLimit;
        private final IntSupplier tenantLimit;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final ConcurrentHashMap<String, Integer> perTenant = new ConcurrentHashMap<>();

        Places(IntSupplier replicaLimit, IntSupplier tenantLimit) {
            this.replicaLimit = replicaLimit;
            this.tenantLimit = tenantLimit;
        }

        /** Takes a place: null if one was free, else whether the tenant's (true) or the replica's limit refused. */
        Boolean take(String tenantId) {
            int tenantLimit = this.tenantLimit.getAsInt();
            int replicaLimit = this.replicaLimit.getAsInt();
            boolean[] tenantAdmitted = new boolean[1];
            perTenant.compute(tenantId, (tenant, count) -> {
                int now = count == null ? 0 : count;
                if (now >= tenantLimit) {
                    return count;
                }
                tenantAdmitted[0] = true;
                return now + 1;
            });
            if (!tenantAdmitted[0]) {
                return Boolean.TRUE;
            }
            if (inFlight.getAndUpdate(n -> n < replicaLimit ? n + 1 : n) >= replicaLimit) {
                perTenant.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
                return Boolean.FALSE;
            }
            return null;
        }

        void release(String tenantId) {
            inFlight.decrementAndGet();
            perTenant.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
        }
    }

    private final int replicaLimit;
    private final int tenantLimit;
    private final Places reads;
    private final Places searches;
    /** Read time each tenant still owes its budget, in nanoseconds, as of a nanoTime; only while a budget applies. */
    private record Owed(long nanos, long asOf) {}

    private final ConcurrentHashMap<String, Owed> owed = new ConcurrentHashMap<>();
    private final CriticalWork criticalWork;
    private final AdaptiveReadLimit adaptive;
    private final AtomicBoolean refusedSinceLook = new AtomicBoolean();
    private final Clock clock;

    public ReadBulkhead(
            SwitchboardConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int poolSize,
            CriticalWork criticalWork,
            Clock clock,
            MeterRegistry metrics) {
        this.replicaLimit = config.reads().maxConcurrent();
        this.tenantLimit = config.reads().maxConcurrentPerTenant();
        this.criticalWork = criticalWork;
        this.clock = clock;
        if (replicaLimit < 1 || replicaLimit >= poolSize) {
            throw new IllegalStateException("switchboard.reads.max-concurrent (" + replicaLimit
                    + ") must be at least 1 and below quarkus.datasource.jdbc.max-size (" + poolSize
                    + "), so that reads never take every connection");
        }
        if (tenantLimit < 1 || tenantLimit > replicaLimit) {
            throw new IllegalStateException("switchboard.reads.max-concurrent-per-tenant (" + tenantLimit
                    + ") must be at least 1 and at most switchboard.reads.max-concurrent (" + replicaLimit + ")");
        }
        int floor = config.reads().minConcurrent();
        if (floor < 2 || floor > replicaLimit) {
            throw new IllegalStateException("switchboard.reads.min-concurrent (" + floor
                    + ") must be at least 2 (one tenant's reads must leave a place for another's) and at most"
                    + " switchboard.reads.max-concurrent (" + replicaLimit + ")");
        }
        if (!(config.reads().yieldTolerance() > 1.0)) {
            throw new IllegalStateException(
                    "switchboard.reads.yield-tolerance (" + config.reads().yieldTolerance() + ") must be above 1");
        }
        int searchReplicaLimit = config.reads().maxConcurrentSearches();
        int searchTenantLimit = config.reads().maxConcurrentSearchesPerTenant();
        if (searchTenantLimit < 1 || searchTenantLimit > searchReplicaLimit || searchReplicaLimit > replicaLimit) {
            throw new IllegalStateException("switchboard.reads.max-concurrent-searches-per-tenant ("
                    + searchTenantLimit + ") must be at least 1 and at most switchboard.reads.max-concurrent-searches"
                    + " (" + searchReplicaLimit + "), which is at most switchboard.reads.max-concurrent ("
                    + replicaLimit + ")");
        }
        this.adaptive = new AdaptiveReadLimit(
                floor,
                replicaLimit,
                config.reads().yieldTolerance(),
                config.reads().paceWindow(),
                MIN_SAMPLES);
        this.reads = new Places(this::effectiveLimit, this::effectiveTenantLimit);
        this.searches = new Places(() -> searchReplicaLimit, () -> searchTenantLimit);
        metrics.gauge("switchboard.reads.in.flight", reads.inFlight);
        metrics.gauge("switchboard.reads.searches.in.flight", searches.inFlight);
        metrics.gauge("switchboard.reads.limit", this, ReadBulkhead::effectiveLimit);
        metrics.gauge("switchboard.reads.limit.max", replicaLimit);
        metrics.gauge("switchboard.reads.tenant.budget", adaptive, AdaptiveReadLimit::budget);
        metrics.gauge("switchboard.reads.critical.pace.seconds", adaptive, a -> a.usualPace() / 1e9);
        metrics.gauge("switchboard.reads.critical.median.seconds", adaptive, a -> a.lastMedian() / 1e9);
    }

    /**
     * Looks at the critical work's pace since the last look and moves the read limit ({@link AdaptiveReadLimit}).
     */
    @Scheduled(
            identity = "read-limit-look",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.reads.adapt-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        look();
    }

    /** One look now; for the schedule, and for tests that drive it. */
    public void look() {
        int before = adaptive.limit();
        double budgetBefore = adaptive.budget();
        AdaptiveReadLimit.Change change =
                adaptive.look(clock.instant(), criticalWork.drain(slow()), refusedSinceLook.getAndSet(false));
        if (change == AdaptiveReadLimit.Change.SHRANK && adaptive.limit() < before) {
            LOG.infof(
                    "Critical work slowed down (median %.1f ms, usual %.1f ms): API reads limited to %d (was %d),"
                            + " each tenant's reads to %.2f s per second",
                    adaptive.lastMedian() / 1e6,
                    adaptive.usualPace() / 1e6,
                    adaptive.limit(),
                    before,
                    adaptive.budget());
        } else if (change == AdaptiveReadLimit.Change.SHRANK) {
            LOG.infof(
                    "Critical work still slow at %d reads (median %.1f ms, usual %.1f ms): each tenant's reads may"
                            + " take %.2f s per second",
                    adaptive.limit(), adaptive.lastMedian() / 1e6, adaptive.usualPace() / 1e6, adaptive.budget());
        } else if (change == AdaptiveReadLimit.Change.GREW && adaptive.limit() == replicaLimit) {
            LOG.infof("API reads limit back at %d", replicaLimit);
        } else if (change == AdaptiveReadLimit.Change.GREW && Double.isInfinite(adaptive.budget())) {
            LOG.infof("Reads' time budget lifted (API reads limited to %d)", adaptive.limit());
        }
        if (Double.isInfinite(adaptive.budget())) {
            owed.clear();
        } else if (!Double.isInfinite(budgetBefore)) {
            long now = System.nanoTime();
            owed.entrySet().removeIf(e -> outstanding(e.getValue(), now, budgetBefore) <= 0);
        }
    }

    /**
     * How old critical work still running must be to count at a look (it is slower than the tolerance allows);
     * never, while there is no usual pace.
     */
    private long slow() {
        double tolerated = adaptive.tolerated();
        return Double.isNaN(tolerated) ? Long.MAX_VALUE : (long) tolerated;
    }

    /** What {@code o} still owes at {@code now}, having paid off at {@code budget} read seconds per second. */
    private static long outstanding(Owed o, long now, double budget) {
        return o.nanos() - (long) ((now - o.asOf()) * budget);
    }

    /** Adds a finished read's time to its tenant's debt while a budget applies. */
    private void charge(String tenantId, long nanos) {
        double budget = adaptive.budget();
        if (Double.isInfinite(budget)) {
            return;
        }
        long now = System.nanoTime();
        owed.merge(
                tenantId,
                new Owed(nanos, now),
                (was, read) -> new Owed(Math.max(0, outstanding(was, now, budget)) + read.nanos(), now));
    }

    /**
     * Seconds until the tenant's reads are within their budget again; 0 when they are (or no budget applies). A
     * read's time is charged when it ends, so a tenant's reads that run at once may overdraw it; the concurrency
     * limit bounds by how much.
     */
    private long budgetWait(String tenantId) {
        double budget = adaptive.budget();
        Owed o = owed.get(tenantId);
        if (Double.isInfinite(budget) || o == null) {
            return 0;
        }
        // A tenant may owe up to one second's budget: short reads run back to back, a long one waits its turn.
        long left = outstanding(o, System.nanoTime(), budget) - (long) (budget * 1e9);
        return left <= 0 ? 0 : Math.min(MAX_BUDGET_WAIT_SECONDS, (long) Math.ceil(left / budget / 1e9));
    }

    /** Each tenant's read seconds per second while the critical work is slow at the floor; infinite otherwise. */
    public double tenantBudget() {
        return adaptive.budget();
    }

    /** The replica's read limit in force now: the configured one, or less while the critical work is slow. */
    public int effectiveLimit() {
        return adaptive.limit();
    }

    /**
     * A tenant's: the configured one; while the replica's is lowered, lowered in the same proportion (rounded up),
     * and at least one below it, so another tenant still gets one.
     */
    private int effectiveTenantLimit() {
        int limit = adaptive.limit();
        if (limit >= replicaLimit) {
            return tenantLimit;
        }
        int inProportion = (int) Math.ceil((double) tenantLimit * limit / replicaLimit);
        return Math.max(1, Math.min(limit - 1, inProportion));
    }

    /**
     * Admits one read of the tenant's if both limits allow it, and a search (full-text, which costs the database
     * far more than a page read) only if the search limits allow it too.
     *
     * @return the permit to release once the read is answered, or the limit that refused it
     */
    public Admission admit(String tenantId, boolean search) {
        long wait = budgetWait(tenantId);
        if (wait > 0) {
            refusedSinceLook.set(true);
            return new Admission(Optional.empty(), Limit.BUDGET, wait);
        }
        Boolean refused = reads.take(tenantId);
        if (refused != null) {
            refusedSinceLook.set(true);
            return new Admission(Optional.empty(), refused ? Limit.TENANT : Limit.REPLICA);
        }
        if (search) {
            Boolean searchRefused = searches.take(tenantId);
            if (searchRefused != null) {
                refusedSinceLook.set(true);
                reads.release(tenantId);
                return new Admission(Optional.empty(), searchRefused ? Limit.SEARCH_TENANT : Limit.SEARCH_REPLICA);
            }
        }
        return new Admission(Optional.of(new Permit(tenantId, search)), null);
    }

    /** Either a permit, or the limit that refused the read and the seconds to wait (at least 1) before another. */
    public record Admission(Optional<Permit> permit, Limit refusedBy, long retryAfterSeconds) {
        Admission(Optional<Permit> permit, Limit refusedBy) {
            this(permit, refusedBy, 1);
        }
    }

    /** Reads running now on this replica. */
    public int inFlight() {
        return reads.inFlight.get();
    }

    /** Reads of this tenant running now on this replica. */
    public int inFlight(String tenantId) {
        return reads.perTenant.getOrDefault(tenantId, 0);
    }

    /** Searches of this tenant running now on this replica. */
    public int searchesInFlight(String tenantId) {
        return searches.perTenant.getOrDefault(tenantId, 0);
    }

    public int searchTenantLimit() {
        return searches.tenantLimit.getAsInt();
    }

    public int replicaLimit() {
        return replicaLimit;
    }

    public int tenantLimit() {
        return tenantLimit;
    }
}
