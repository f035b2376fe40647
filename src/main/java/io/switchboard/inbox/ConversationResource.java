package io.switchboard.inbox;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.EntityTags;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/conversations")
@Tag(name = "Inbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ConversationResource {

    private final ConversationService conversations;
    private final ConversationMessageService messages;
    private final CurrentOperator operator;

    public ConversationResource(
            ConversationService conversations, ConversationMessageService messages, CurrentOperator operator) {
        this.conversations = conversations;
        this.messages = messages;
        this.operator = operator;
    }

    @GET
    @Operation(
            summary = "The inbox: conversations, most recent activity first",
            description = "Multi-valued filters take repeated parameters or comma lists and match any value;"
                    + " different filters must all match. `q` finds conversations whose contact's name, email or"
                    + " phone, or whose message text, contains every word (as a word prefix; a word is a run of"
                    + " letters, digits and underscores, at most 10 words); words of one letter are ignored, and a"
                    + " query of only such words or of no word at all (an emoji) matches contacts' name, email and"
                    + " phone as a substring.")
    public Page<ConversationSummary> listConversations(
            @Parameter(description = "OPEN, PENDING, SNOOZED, RESOLVED") @QueryParam("status") List<String> status,
            @Parameter(description = "Channel ids") @QueryParam("channel") List<String> channel,
            @Parameter(description = "Channel kinds, e.g. SMS, EMAIL") @QueryParam("kind") List<String> kind,
            @Parameter(description = "`me`, `none` (unassigned) or an operator id") @QueryParam("assignee")
                    String assignee,
            @Parameter(description = "Team id") @QueryParam("team") String team,
            @Parameter(description = "Contact id: the contact's conversations") @QueryParam("contact") String contact,
            @Parameter(description = "Labels (normalised like stored labels)") @QueryParam("label") List<String> label,
            @Parameter(description = "Search text, up to 200 characters") @QueryParam("q") String q,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        ConversationFilter filter =
                ConversationFilter.parse(status, channel, kind, assignee, team, contact, label, q, operator.id());
        return conversations.list(filter, cursor, Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation; the ETag header carries its version for If-Match")
    @APIResponse(
            responseCode = "200",
            description = "The conversation",
            headers = @Header(name = HttpHeaders.ETAG, description = "The version, e.g. \"7\""),
            content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the version named by If-None-Match")
    public Response getConversation(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ConversationView view =
                conversations.find(id).orElseThrow(() -> new ResourceNotFoundException("Conversation", id));
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, view.version())) {
            return Response.notModified(tag(view)).build();
        }
        return withTag(view);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change status, priority, labels or snooze time",
            description = "Snoozing (status SNOOZED) needs a future `snoozedUntil`; any other status clears it, and"
                    + " the conversation reopens by itself when the time comes. `labels` replaces all labels."
                    + " Every change is recorded in the conversation's events. With `If-Match`, nothing is"
                    + " changed unless the conversation is still at that version (412 otherwise). Concurrent changes"
                    + " apply one after the other; one that still races another writer is refused with 409 (412"
                    + " with If-Match), never lost.")
    @APIResponse(
            responseCode = "200",
            description = "The conversation after the change",
            headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
            content = @Content(schema = @Schema(implementation = ConversationView.class)))
    @APIResponse(responseCode = "409", description = "Changed concurrently by someone else; read again and retry")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version; nothing changed")
    public Response updateConversation(
            @PathParam("id") String id,
            @Parameter(description = "ETag from a GET: change only if still at that version")
                    @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch,
            @Valid @NotNull UpdateConversationRequest request) {
        return withTag(conversations.update(id, request, ifMatch));
    }

    @POST
    @Path("/{id}/read")
    @Operation(
            summary = "Mark the conversation read: its unread count goes back to 0",
            description = "Reading messages (a GET) does not do it; a client calls this when the operator has"
                    + " actually seen the conversation.")
    @APIResponse(
            responseCode = "200",
            description = "The conversation",
            headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
            content = @Content(schema = @Schema(implementation = ConversationView.class)))
    public Response markConversationRead(@PathParam("id") String id) {
        return withTag(conversations.markRead(id));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The conversation's history, oldest first")
    public Page<EventView> listConversationEvents(
            @PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return messages.events(id, cursor, Cursor.limit(limit));
    }

    private static Response withTag(ConversationView view) {
        return Response.ok(view).tag(tag(view)).build();
    }

    /** A strong tag: the version changes with every change of the conversation. */
    private static EntityTag tag(ConversationView view) {
        return new EntityTag(Long.toString(view.version()));
    }
}
