package io.switchboard.staff;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/operators")
@Tag(name = "Operators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class OperatorResource {

    private final OperatorService operators;

    public OperatorResource(OperatorService operators) {
        this.operators = operators;
    }

    @GET
    @Operation(summary = "The operators of the caller's tenant, oldest first")
    public Page<OperatorView> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return operators.list(cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One operator of the caller's tenant")
    public OperatorView get(@PathParam("id") String id) {
        return operators.find(id).orElseThrow(() -> new ResourceNotFoundException("Operator", id));
    }
}
