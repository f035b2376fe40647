package io.switchboard.channel;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/channels")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ChannelResource {

    private final ChannelService channels;

    public ChannelResource(ChannelService channels) {
        this.channels = channels;
    }

    @POST
    @Operation(summary = "Connect a channel; secrets in the config are stored encrypted and never returned")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @APIResponse(
            responseCode = "422",
            description = "A destination in the settings is an internal address (destination-refused), naming the"
                    + " setting")
    public Response createChannel(
            @Valid @NotNull CreateChannelRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        ChannelView created = channels.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Operation(summary = "The tenant's channels, oldest first")
    public Page<ChannelView> listChannels(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return channels.list(cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One channel")
    public ChannelView getChannel(@PathParam("id") String id) {
        return channels.find(id).orElseThrow(() -> new ResourceNotFoundException("Channel", id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(
            summary = "Rename, enable or disable a channel, change (merge) its settings or its response target",
            description = "firstResponseTargetSeconds sets the channel's own first-response target (whole seconds,"
                    + " 1 to 30 days; 400 otherwise), used instead of its kind's default by the inbox's replyDueAt,"
                    + " the overview and the response-time report; null goes back to the kind's default.")
    @APIResponse(
            responseCode = "200",
            description = "The channel as changed",
            content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @APIResponse(
            responseCode = "422",
            description = "A destination in the settings is an internal address (destination-refused), naming the"
                    + " setting")
    public ChannelView updateChannel(@PathParam("id") String id, @Valid @NotNull UpdateChannelRequest request) {
        return channels.update(id, request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Disable a channel: its webhooks stop; its conversations and messages are kept")
    @APIResponse(responseCode = "204", description = "Disabled")
    public void deleteChannel(@PathParam("id") String id) {
        channels.disable(id);
    }
}
