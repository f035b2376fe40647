package io.switchboard.assignment;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which team a channel's conversations go to, and how they are assigned (managers). */
@Path("/api/v1/channels/{id}/routing")
@Tag(name = "Assignment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class ChannelRoutingResource {

    private final ChannelRoutings routings;

    public ChannelRoutingResource(ChannelRoutings routings) {
        this.routings = routings;
    }

    @GET
    @Operation(summary = "A channel's team and auto-assignment mode")
    public ChannelRoutingView getChannelRouting(@PathParam("id") String id) {
        return routings.get(id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Route a channel to a team and choose how its conversations are assigned",
            description = "With ROUND_ROBIN or LEAST_LOADED, each new or reopened unassigned conversation goes to an"
                    + " ONLINE member of the team with room for it (capacity per channel kind); when nobody has"
                    + " room it waits, and the longest-waiting goes first as soon as room frees. Unassigned"
                    + " conversations of the channel that are not resolved move to the new team.")
    public ChannelRoutingView setChannelRouting(
            @PathParam("id") String id, @Valid @NotNull ChannelRoutingRequest request) {
        return routings.set(id, request);
    }
}
