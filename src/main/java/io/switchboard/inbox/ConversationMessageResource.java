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
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    public Page<MessageView> listMessages(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return messages.messages(id, cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{messageId}")
    @Operation(summary = "One message of the conversation")
    public MessageView getMessage(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        return messages.message(id, messageId).orElseThrow(() -> new ResourceNotFoundException("Message", messageId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Reply to the contact (type REPLY) or add an internal note (type NOTE)",
            description = "A reply is written with its delivery in one transaction and answered 202: the outbox sends"
                    + " it through the conversation's channel (deliveryStatus QUEUED, then SENDING, SENT or FAILED; a"
                    + " future sendAt keeps it SCHEDULED until then). Send the same Idempotency-Key again to get the"
                    + " same reply back without sending anything more. A note is seen by operators only, is answered"
                    + " 201, and does not change the conversation's last activity.")
    @APIResponse(
            responseCode = "202",
            description = "Reply accepted for delivery (or accepted earlier under the same Idempotency-Key)",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Note added",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(
            responseCode = "422",
            description = "The channel cannot carry this reply (reply-refused, channel-cannot-reply), or the"
                    + " Idempotency-Key was used for a different request (idempotency-key-reused), or an SMS or email"
                    + " reply would exceed the tenant's daily cap (fan-out-cap-exceeded)")
    public Response createMessage(
            @PathParam("id") String id,
            @Parameter(description = "Makes a retried reply safe: the same key returns the same reply (kept 24 h)")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey,
            @Valid @NotNull CreateMessageRequest request,
            @Context UriInfo uri) {
        MessageView created = messages.post(id, request, idempotencyKey);
        Response.ResponseBuilder response = request.type() == MessageType.REPLY
                ? Response.accepted()
                        .location(
                                uri.getAbsolutePathBuilder().path(created.id()).build())
                : Response.created(
                        uri.getAbsolutePathBuilder().path(created.id()).build());
        return response.entity(created).build();
    }

    @PATCH
    @Path("/{messageId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Edit a scheduled reply (text, attachments, sendAt)",
            description = "Only while the reply is SCHEDULED; a sendAt of now sends it at once.")
    @APIResponse(
            responseCode = "200",
            description = "Changed",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "409", description = "The reply is no longer scheduled")
    public MessageView editReply(
            @PathParam("id") String id,
            @PathParam("messageId") String messageId,
            @Valid @NotNull UpdateReplyRequest request) {
        return messages.editReply(id, messageId, request);
    }

    @POST
    @Path("/{messageId}/cancel")
    @Operation(
            summary = "Cancel a reply that has not gone out yet",
            description = "A SCHEDULED or QUEUED reply becomes CANCELLED and is never sent; cancelling again is"
                    + " harmless.")
    @APIResponse(
            responseCode = "200",
            description = "Cancelled",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "409", description = "The reply is being sent or was sent (or failed)")
    public MessageView cancelReply(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        return messages.cancelReply(id, messageId);
    }
}
