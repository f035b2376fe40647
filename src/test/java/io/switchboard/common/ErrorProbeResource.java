package io.switchboard.common;

import io.switchboard.common.error.ConflictException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A test-only endpoint that produces each kind of error, so the mapping is tested on real requests. */
@Path("/api/v1/test-probe")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ErrorProbeResource {

    public record Item(@NotBlank String label) {}

    public record ProbeRequest(
            @NotBlank String name,
            @Email String email,
            @NotNull @Min(1) @Max(10) Integer count,
            Instant at,
            List<@Valid Item> items) {}

    @POST
    @Operation(hidden = true)
    public ProbeRequest echo(@Valid @NotNull ProbeRequest request) {
        return request;
    }

    @GET
    @Path("/boom")
    @Operation(hidden = true)
    public String boom() {
        throw new IllegalStateException("secret internal detail in io.switchboard.Internal");
    }

    @GET
    @Path("/lock-conflict")
    @Operation(hidden = true)
    public String lockConflict() {
        throw new jakarta.persistence.PessimisticLockException("Deadlock found when trying to get lock");
    }

    /** A deadlock as raw JDBC work reports it: Hibernate's exception around the driver's. */
    @GET
    @Path("/jdbc-deadlock")
    @Operation(hidden = true)
    public String jdbcDeadlock() {
        throw new org.hibernate.exception.GenericJDBCException(
                "could not execute statement",
                new java.sql.SQLTransactionRollbackException(
                        "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
    }

    @GET
    @Path("/conflict")
    @Operation(hidden = true)
    public String conflict() {
        throw new ConflictException("It clashes");
    }
}
