package io.switchboard.limits;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A test-only read whose slowness the test chooses ({@code SELECT SLEEP}, through Hibernate as real reads go), and
 * the statement time limit a unit of work's connection carries, for the overload tests.
 */
@Path("/api/v1/test-reads")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
public class ReadProbeResource {

    /** Holds the test has started and not yet released. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    private final EntityManager em;

    /** Makes {@link #hold} reads with this key hold their connection until {@link #release}. */
    public static void holdReads(String key) {
        HELD.add(key);
    }

    public static void release(String key) {
        HELD.remove(key);
    }

    public ReadProbeResource(EntityManager em) {
        this.em = em;
    }

    /** Holds a connection for {@code seconds} with one statement. */
    @GET
    @Path("/sleep")
    @Operation(hidden = true)
    @Transactional
    public long sleep(@QueryParam("seconds") double seconds) {
        return ((Number) em.createNativeQuery("SELECT SLEEP(?1)")
                        .setParameter(1, seconds)
                        .getSingleResult())
                .longValue();
    }

    /**
     * Holds a connection, in one transaction, until the test releases the key (at most 60 s), with statements far
     * below the time limit: a read as slow as the test wants.
     */
    @GET
    @Path("/hold")
    @Operation(hidden = true)
    @Transactional
    public long hold(@QueryParam("key") String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long statements = 0;
        while (HELD.contains(key) && System.nanoTime() < deadline) {
            em.createNativeQuery("SELECT SLEEP(0.25)").getSingleResult();
            statements++;
        }
        return statements;
    }

    /** The session's {@code max_statement_time} in seconds, as a read sees it (0: no limit). */
    @GET
    @Path("/statement-time-limit")
    @Operation(hidden = true)
    @Transactional
    public BigDecimal readLimit() {
        return statementTimeLimit();
    }

    /** The same, as a write sees it. */
    @POST
    @Path("/statement-time-limit")
    @Operation(hidden = true)
    @Transactional
    public BigDecimal writeLimit() {
        return statementTimeLimit();
    }

    private BigDecimal statementTimeLimit() {
        return new BigDecimal(em.createNativeQuery("SELECT @@SESSION.max_statement_time")
                .getSingleResult()
                .toString());
    }
}
