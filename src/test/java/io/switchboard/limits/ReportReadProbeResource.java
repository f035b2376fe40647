package io.switchboard.limits;

import io.switchboard.common.db.ReportQueries;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A test-only report read: the statement time limit its connection carries. */
@Path("/api/v1/test-report-reads")
@RolesAllowed(Roles.MANAGER)
@Produces(MediaType.APPLICATION_JSON)
@ReportQueries
public class ReportReadProbeResource {

    private final EntityManager em;

    public ReportReadProbeResource(EntityManager em) {
        this.em = em;
    }

    @GET
    @Path("/statement-time-limit")
    @Operation(hidden = true)
    @Transactional
    public BigDecimal statementTimeLimit() {
        return new BigDecimal(em.createNativeQuery("SELECT @@SESSION.max_statement_time")
                .getSingleResult()
                .toString());
    }
}
