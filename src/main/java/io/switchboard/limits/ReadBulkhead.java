package io.switchboard.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many API reads run at once on this replica, in all and per tenant. A read beyond either limit is not queued
 * but refused at once (the caller answers 503 with {@code Retry-After}): a queue would hold worker threads and
 * clients until they time out, while the reads it waits for are the slow ones. The replica's limit stays below the
 * connection pool's size, so the work that must never stop (ingest, the delivery dispatcher, assignment,
 * publishing, the reporting facts) always finds connections; the tenant's limit stays below the replica's, so one
 * tenant's flood does not refuse another tenant's first request.
 */
@ApplicationScoped
@Startup
public class ReadBulkhead {

    /** Which limit refused a read. */
    public enum Limit {
        REPLICA,
        TENANT
    }

    /** An admitted read's place; {@link #release} gives it back, once, however often it is called. */
    public final class Permit {
        private final String tenantId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String tenantId) {
            this.tenantId = tenantId;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                perTenant.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
            }
        }
    }

    private final int replicaLimit;
    private final int tenantLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perTenant = new ConcurrentHashMap<>();

    public ReadBulkhead(
            SwitchboardConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int poolSize,
            MeterRegistry metrics) {
        this.replicaLimit = config.reads().maxConcurrent();
        this.tenantLimit = config.reads().maxConcurrentPerTenant();
        if (replicaLimit < 1 || replicaLimit >= poolSize) {
            throw new IllegalStateException("switchboard.reads.max-concurrent (" + replicaLimit
                    + ") must be at least 1 and below quarkus.datasource.jdbc.max-size (" + poolSize
                    + "), so that reads never take every connection");
        }
        if (tenantLimit < 1 || tenantLimit > replicaLimit) {
            throw new IllegalStateException("switchboard.reads.max-concurrent-per-tenant (" + tenantLimit
                    + ") must be at least 1 and at most switchboard.reads.max-concurrent (" + replicaLimit + ")");
        }
        metrics.gauge("switchboard.reads.in.flight", inFlight);
        metrics.gauge("switchboard.reads.limit", replicaLimit);
    }

    /**
     * Admits one read of the tenant's if both limits allow it.
     *
     * @return the permit to release once the read is answered, or the limit that refused it
     */
    public Admission admit(String tenantId) {
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
            return new Admission(Optional.empty(), Limit.TENANT);
        }
        if (inFlight.getAndUpdate(n -> n < replicaLimit ? n + 1 : n) >= replicaLimit) {
            perTenant.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
            return new Admission(Optional.empty(), Limit.REPLICA);
        }
        return new Admission(Optional.of(new Permit(tenantId)), null);
    }

    /** Either a permit, or the limit that refused the read. */
    public record Admission(Optional<Permit> permit, Limit refusedBy) {}

    /** Reads running now on this replica. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Reads of this tenant running now on this replica. */
    public int inFlight(String tenantId) {
        return perTenant.getOrDefault(tenantId, 0);
    }

    public int replicaLimit() {
        return replicaLimit;
    }

    public int tenantLimit() {
        return tenantLimit;
    }
}
