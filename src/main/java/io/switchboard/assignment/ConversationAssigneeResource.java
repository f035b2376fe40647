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

@Path("/api/v1/conversations/{id}/assignee")
@Tag(name = "Assignment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ConversationAssigneeResource {

    private final ManualAssignment assignment;

    public ConversationAssigneeResource(ManualAssignment assignment) {
        this.assignment = assignment;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Assign the conversation to an operator, or leave it unassigned (operatorId null)",
            description = "Managers assign anyone of the tenant, beyond capacity if they choose. Agents take an"
                    + " unassigned conversation for themselves or hand back their own (403 otherwise). Each change"
                    + " is an ASSIGNEE_CHANGED event {from, to, reason} with who made it and when.")
    @APIResponse(
            responseCode = "200",
            description = "The conversation after the change",
            headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
            content = @Content(schema = @Schema(implementation = ConversationView.class)))
    public Response assignConversation(@PathParam("id") String id, @NotNull AssigneeRequest request) {
        ConversationView view = assignment.assign(id, request.operatorId());
        return Response.ok(view)
                .tag(new EntityTag(Long.toString(view.version())))
                .build();
    }
}
