package io.switchboard.channel;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tenant's channels by name for everyone who reads reports or filters the inbox. The channel list itself
 * ({@code GET /api/v1/channels}) is an admin's: it carries settings and webhook URLs.
 */
@Path("/api/v1/channel-directory")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ChannelDirectoryResource {

    private final ChannelService channels;

    public ChannelDirectoryResource(ChannelService channels) {
        this.channels = channels;
    }

    @GET
    @Operation(
            summary = "The tenant's channels, disabled ones included, by id: name, kind and whether enabled",
            description = "Read-only and free of settings, keys and secrets, for every operator: report rows and"
                    + " conversations carry channel ids, and a disabled channel still has history to label.")
    public Page<ChannelSummary> listChannelDirectory(
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return channels.summaries(cursor, Cursor.limit(limit));
    }
}
