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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/teams")
@Tag(name = "Teams")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class TeamResource {

    private final TeamService teams;

    public TeamResource(TeamService teams) {
        this.teams = teams;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a team; its name is unique in the tenant")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "409", description = "A team of that name exists")
    public Response createTeam(@Valid @NotNull CreateTeamRequest request, @Context UriInfo uri) {
        TeamView created = teams.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @RolesAllowed(Roles.AGENT)
    @Operation(
            summary = "The tenant's teams, oldest first",
            description = "Readable by agents, who hand conversations to a team and filter the inbox by team")
    public Page<TeamView> listTeams(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return teams.list(cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "One team")
    public TeamView getTeam(@PathParam("id") String id) {
        return teams.find(id).orElseThrow(() -> new ResourceNotFoundException("Team", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a team or replace its members")
    @APIResponse(responseCode = "409", description = "A team of that name exists")
    @APIResponse(
            responseCode = "200",
            description = "The team, changed",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    public TeamView updateTeam(@PathParam("id") String id, @Valid @NotNull UpdateTeamRequest request) {
        return teams.update(id, request);
    }
}
