package io.switchboard.scheduling;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.EntityTags;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.common.time.RangeBound;
import io.switchboard.delivery.IdempotencyKeys;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Scheduled posts and broadcasts, their workflow and the calendar. */
@Path("/api/v1/posts")
@Tag(name = "Posts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class PostResource {

    /** The calendar's answer: occurrences in time order (one page: the range is bounded). */
    @Schema(name = "Calendar")
    public record Calendar(List<CalendarEntry> items, String nextCursor) {}

    /** A page of posts. */
    @Schema(name = "PostPage")
    public record PostPage(List<PostView> items, String nextCursor) {}

    private final PostService posts;
    private final TenantContext tenant;
    private final TenantService tenants;

    public PostResource(PostService posts, TenantContext tenant, TenantService tenants) {
        this.posts = posts;
        this.tenant = tenant;
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Write a post (DRAFT)",
            description = "Targets are FACEBOOK pages and X accounts (each may have its own text); an audience"
                    + " broadcasts to every contact carrying a label through an SMS or EMAIL channel. Every channel's"
                    + " limits are checked (X 280 weighted characters, SMS segments, an email subject…): a 422"
                    + " post-rejected lists each problem. The same Idempotency-Key returns the same post.")
    @APIResponse(
            responseCode = "201",
            description = "Created (or created earlier under the same Idempotency-Key: 200)",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    @APIResponse(
            responseCode = "200",
            description = "Created earlier under the same Idempotency-Key: that post",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    @APIResponse(responseCode = "422", description = "A channel cannot carry the post (post-rejected)")
    public Response createPost(
            @Parameter(description = "Makes a retried create safe: the same key returns the same post (kept 24 h)")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey,
            @RequestBody(
                            required = true,
                            description = "A new post needs `scheduledAt` and `timeZone` (a PATCH may leave them"
                                    + " out), and at least one target or an audience",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema =
                                                    @Schema(
                                                            allOf = PostRequest.class,
                                                            requiredProperties = {"scheduledAt", "timeZone"},
                                                            properties = {
                                                                @SchemaProperty(
                                                                        name = "scheduledAt",
                                                                        implementation = Instant.class),
                                                                @SchemaProperty(
                                                                        name = "timeZone",
                                                                        type = SchemaType.STRING)
                                                            })))
                    @Valid
                    @NotNull
                    PostRequest request,
            @Context UriInfo uri) {
        PostService.Created created =
                posts.create(request, idempotencyKey == null ? null : IdempotencyKeys.valid(idempotencyKey));
        Response.ResponseBuilder response = created.replayed()
                ? Response.ok()
                : Response.created(
                        uri.getAbsolutePathBuilder().path(created.post().id()).build());
        return tagged(response, created.post()).build();
    }

    @GET
    @Operation(
            summary = "The tenant's posts, newest first; with from and to, the calendar",
            description = "With `from` and `to` (each an ISO date, a local day of the tenant meaning its start in the"
                    + " tenant's time zone, or an ISO instant, as the reports take them; at most 92 days apart) the"
                    + " answer is the calendar:"
                    + " every occurrence in [from, to) of posts that are not drafts or cancelled, recurring ones"
                    + " expanded, past ones with their publication's status (schema Calendar). Otherwise a page of"
                    + " posts (schema PostPage), optionally of one status.")
    @APIResponse(
            responseCode = "200",
            description = "A page of posts, or the calendar",
            content = @Content(schema = @Schema(anyOf = {PostPage.class, Calendar.class})))
    public Object listPosts(
            @Parameter(description = "Start of the calendar: " + RangeBound.FORMATS) @QueryParam("from") String from,
            @Parameter(description = "End of the calendar (exclusive), as `from`") @QueryParam("to") String to,
            @QueryParam("status") PostStatus status,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw InvalidRequestException.ofField(from == null ? "from" : "to", "is required with the other");
            }
            ZoneId zone = tenants.timeZone(tenant.require());
            return new Calendar(posts.calendar(bound("from", from, zone), bound("to", to, zone)), null);
        }
        Page<PostView> page = posts.list(status, cursor, Cursor.limit(limit));
        return new PostPage(page.items(), page.nextCursor());
    }

    /** The channels an author can publish on, and the tenant's time zone the calendar's days are in. */
    @Schema(name = "PublishingChannels")
    public record PublishingChannels(
            List<PublishingChannel> items,

            @Schema(description = "The tenant's IANA time zone: the calendar's local days, the composer's default")
            String timeZone) {}

    /** Why a post is sent back to its author. */
    @Schema(name = "PostSendBack")
    public record SendBack(
            @Schema(description = "What the author should change", required = true) @NotBlank @Size(max = 2000)
            String comment) {}

    @GET
    @Path("/channels")
    @Operation(
            summary = "The channels an author can publish on, with each kind's limits",
            description = "Every enabled channel that carries posts (FEED: FACEBOOK pages, X accounts) or broadcasts"
                    + " (BROADCAST: SMS, EMAIL), with the limits the API checks when a post is written, so that a"
                    + " composer can count as its author types; and the tenant's time zone.")
    public PublishingChannels listPublishingChannels() {
        return new PublishingChannels(
                posts.publishingChannels(), tenants.timeZone(tenant.require()).getId());
    }

    @GET
    @Path("/audience")
    @Operation(
            summary = "How many recipients a broadcast would reach now",
            description = "The contacts carrying `label` that are reachable on the SMS or EMAIL channel `channelId`"
                    + " (at their identity there, else at their profile's phone number or email address): the"
                    + " recipients a broadcast would have if it went out now. With the tenant's daily cap of that"
                    + " kind and what today leaves of it, since a broadcast over it is refused.")
    @APIResponse(
            responseCode = "200",
            description = "The count",
            content = @Content(schema = @Schema(implementation = AudienceCount.class)))
    public AudienceCount countAudience(
            @Parameter(description = "An SMS or EMAIL channel of the tenant", required = true) @QueryParam("channelId")
                    String channelId,
            @Parameter(description = "The audience's label", required = true) @QueryParam("label") String label) {
        if (channelId == null || channelId.isBlank()) {
            throw InvalidRequestException.ofField("channelId", "is required");
        }
        if (label == null) {
            throw InvalidRequestException.ofField("label", "is required");
        }
        if (channelId.length() > 36) {
            throw InvalidRequestException.ofField("channelId", "names no enabled channel of this tenant");
        }
        return posts.audienceCount(channelId, label);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One post, with its targets' and audience's outcome; the ETag carries its version")
    public Response getPost(@PathParam("id") String id) {
        PostView post = posts.find(id).orElseThrow(() -> new ResourceNotFoundException("Post", id));
        return tagged(Response.ok(), post).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change a post while it is a draft, pending or scheduled",
            description = "Absent fields stay; lists given replace. A scheduled post is rescheduled; when an agent"
                    + " edits an approved post it goes back to PENDING_APPROVAL.")
    @APIResponse(responseCode = "409", description = "The post is no longer editable")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version; nothing changed")
    @APIResponse(
            responseCode = "200",
            description = "The post, changed; the ETag carries its new version",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    public Response updatePost(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull PostRequest request) {
        return tagged(Response.ok(), posts.update(id, request, ifMatch)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a post that never went out")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "The post went out; it stays on record")
    public Response deletePost(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        posts.delete(id, ifMatch);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/submit")
    @Operation(summary = "Submit a draft: PENDING_APPROVAL, or SCHEDULED where the tenant needs no approval")
    @APIResponse(responseCode = "409", description = "The post is not a draft")
    @APIResponse(
            responseCode = "422",
            description = "A channel cannot carry the post (post-rejected), or its broadcast's audience exceeds what"
                    + " is left of the tenant's daily SMS or email cap (fan-out-cap-exceeded)")
    @APIResponse(
            responseCode = "200",
            description = "The post, submitted; the ETag carries its new version",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    public Response submitPost(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return tagged(Response.ok(), posts.submit(id, ifMatch)).build();
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Approve a pending post: it is SCHEDULED for its next occurrence")
    @APIResponse(responseCode = "409", description = "The post is not pending approval")
    @APIResponse(
            responseCode = "422",
            description = "A channel cannot carry the post (post-rejected), or its broadcast's audience exceeds what"
                    + " is left of the tenant's daily SMS or email cap (fan-out-cap-exceeded)")
    @APIResponse(
            responseCode = "200",
            description = "The post, scheduled; the ETag carries its new version",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    public Response approvePost(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return tagged(Response.ok(), posts.approve(id, ifMatch)).build();
    }

    @POST
    @Path("/{id}/send-back")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(
            summary = "Send a pending post back to its author with a comment",
            description = "The post returns to DRAFT with the comment (`sentBack`); its author edits it and submits it"
                    + " again. Nothing goes out meanwhile.")
    @APIResponse(responseCode = "409", description = "The post is not pending approval")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version; nothing changed")
    @APIResponse(
            responseCode = "200",
            description = "The post, a draft again; the ETag carries its new version",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    public Response sendBackPost(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull SendBack request) {
        return tagged(Response.ok(), posts.sendBack(id, request.comment(), ifMatch))
                .build();
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a post before it goes out (a recurring one: its later occurrences)")
    @APIResponse(responseCode = "409", description = "The post is publishing or finished")
    @APIResponse(
            responseCode = "200",
            description = "The post, cancelled; the ETag carries its new version",
            content = @Content(schema = @Schema(implementation = PostView.class)))
    public Response cancelPost(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return tagged(Response.ok(), posts.cancel(id, ifMatch)).build();
    }

    private static Response.ResponseBuilder tagged(Response.ResponseBuilder response, PostView post) {
        return response.entity(post).header(HttpHeaders.ETAG, EntityTags.of(post.version()));
    }

    private static Instant bound(String field, String value, ZoneId zone) {
        try {
            return RangeBound.parse(value, zone).instant();
        } catch (DateTimeException e) {
            throw InvalidRequestException.ofField(field, "must be " + RangeBound.FORMATS);
        }
    }
}
