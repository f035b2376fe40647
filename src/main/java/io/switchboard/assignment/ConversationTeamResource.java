package io.switchboard.assignment;

import io.switchboard.inbox.ConversationView;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/conversations/{id}/team")
@Tag(name = "Assignment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ConversationTeamResource {

    private final TeamTransfer transfer;

    public ConversationTeamResource(TeamTransfer transfer) {
        this.transfer = transfer;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Hand the conversation to a team, or take it out of any team's queue (teamId null)",
            description = "The conversation joins the team's queue (team=…&assignee=none), whatever its channel"
                    + " routes to; a later change of the channel's routing leaves it there, and the channel's"
                    + " auto-assignment leaves it to that team's members. An assignee who is a member of the team"
                    + " keeps it; anyone else hands it over (ASSIGNEE_CHANGED, and it waits from now on). Managers"
                    + " move any conversation; agents move those that are unassigned or theirs (403 otherwise)."
                    + " Each change is a TEAM_CHANGED event {from, to} with who made it and when.")
    @APIResponse(
            responseCode = "200",
            description = "The conversation after the change",
            headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
            content = @Content(schema = @Schema(implementation = ConversationView.class)))
    public Response moveConversationToTeam(@PathParam("id") String id, @NotNull TeamRequest request) {
        ConversationView view = transfer.move(id, request.teamId());
        return Response.ok(view)
                .tag(new EntityTag(Long.toString(view.version())))
                .build();
    }
}
