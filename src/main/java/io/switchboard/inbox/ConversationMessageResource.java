package io.switchboard.inbox;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

@Path("/api/v1/conversations/{id}/messages")
@Tag(name = "Inbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ConversationMessageResource {

    private final ConversationMessageService messages;

    public ConversationMessageResource(ConversationMessageService messages) {
        this.messages = messages;
    }

    @GET
    @Operation(
            summary = "The conversation's messages and internal notes, newest first",
            description = "Pass nextCursor to page back into older messages. Reading does not mark the"
                    + " conversation read (see POST /api/v1/conversations/{id}/read).")
    public Page<MessageView> list(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return messages.messages(id, cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{messageId}")
    @Operation(summary = "One message of the conversation")
    public MessageView get(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        return messages.message(id, messageId).orElseThrow(() -> new ResourceNotFoundException("Message", messageId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Add an internal note (type NOTE)",
            description = "A note is seen by operators only and does not change the conversation's last activity."
                    + " Replies (type REPLY) are answered 422 until outbound delivery is available.")
    @APIResponse(
            responseCode = "201",
            description = "Added",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "422", description = "Replies are not available yet")
    public Response create(
            @PathParam("id") String id, @Valid @NotNull CreateMessageRequest request, @Context UriInfo uri) {
        MessageView created = messages.post(id, request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }
}
