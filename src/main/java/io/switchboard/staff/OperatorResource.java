package io.switchboard.staff;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/operators")
@Tag(name = "Operators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class OperatorResource {

    private final OperatorService operators;
    private final CurrentOperator currentOperator;

    public OperatorResource(OperatorService operators, CurrentOperator currentOperator) {
        this.operators = operators;
        this.currentOperator = currentOperator;
    }

    @GET
    @Operation(
            summary = "The operators of the caller's tenant, oldest first",
            description = "Hourly costs are shown to managers; an agent sees only their own.")
    public Page<OperatorView> listOperators(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return operators.list(cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One operator of the caller's tenant")
    public OperatorView getOperator(@PathParam("id") String id) {
        return operators.find(id).orElseThrow(() -> new ResourceNotFoundException("Operator", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(
            summary = "Set an operator's hourly cost and capacities",
            description = "`hourlyCost` adds a rate to the operator's history (from `effectiveFrom`, default now;"
                    + " earlier work keeps its cost, except that an operator's first rate also covers their earlier"
                    + " work). An operator's rates share one currency. `capacity` sets concurrent conversations per"
                    + " channel kind; null removes the operator's own value.")
    @APIResponse(
            responseCode = "409",
            description = "Another currency than the operator's, or a second rate from the" + " same instant")
    @APIResponse(
            responseCode = "200",
            description = "The operator, changed",
            content = @Content(schema = @Schema(implementation = OperatorView.class)))
    public OperatorView updateOperator(@PathParam("id") String id, @Valid @NotNull UpdateOperatorRequest request) {
        return operators.update(id, request, currentOperator.id());
    }

    @GET
    @Path("/{id}/rates")
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "An operator's hourly-cost history, oldest first")
    public Page<RateView> listOperatorRates(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return operators.rates(id, cursor, Cursor.limit(limit));
    }

    @PUT
    @Path("/me/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the caller's availability",
            description = "Only ONLINE operators get conversations by auto-assignment. Every change is kept with its"
                    + " time.")
    public OperatorView setMyAvailability(@Valid @NotNull AvailabilityRequest request) {
        return operators.setAvailability(currentOperator.id(), request.availability());
    }

    @PUT
    @Path("/{id}/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(
            summary = "Set an operator's availability",
            description = "For a manager whose operator left without saying so (auto-assignment gives conversations"
                    + " only to ONLINE operators) or who takes someone off the queue. Kept in the operator's"
                    + " availability history like their own changes.")
    @APIResponse(
            responseCode = "200",
            description = "The operator, changed",
            content = @Content(schema = @Schema(implementation = OperatorView.class)))
    public OperatorView setOperatorAvailability(
            @PathParam("id") String id, @Valid @NotNull AvailabilityRequest request) {
        return operators.setAvailability(id, request.availability());
    }
}
