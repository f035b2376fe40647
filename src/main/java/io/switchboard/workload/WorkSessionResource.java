package io.switchboard.workload;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.time.RangeBound;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/work-sessions")
@Tag(name = "Handling time")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class WorkSessionResource {

    private final WorkLog log;
    private final CurrentOperator operator;
    private final Clock clock;
    private final TenantContext tenant;
    private final TenantService tenants;

    public WorkSessionResource(
            WorkLog log, CurrentOperator operator, Clock clock, TenantContext tenant, TenantService tenants) {
        this.log = log;
        this.operator = operator;
        this.clock = clock;
        this.tenant = tenant;
        this.tenants = tenants;
    }

    @GET
    @Operation(
            summary = "The handling-time log, newest first (by start)",
            description = "Agents see only their own sessions (a filter on another operator answers 403); managers"
                    + " and admins see everyone's. Running sessions are included with `endedAt` null and their"
                    + " duration up to the latest heartbeat. `from` (inclusive) and `to` (exclusive) apply to the"
                    + " start; each is " + RangeBound.FORMATS + ", as everywhere a range is given.")
    public Page<WorkSessionView> listWorkSessions(
            @Parameter(description = "`me` or an operator id") @QueryParam("operator") String operatorFilter,
            @Parameter(description = "Conversation id") @QueryParam("conversation") String conversation,
            @Parameter(description = "Channel kind, e.g. PHONE, EMAIL") @QueryParam("kind") String kind,
            @Parameter(description = "LIVE or MANUAL") @QueryParam("source") String source,
            @Parameter(description = "Sessions that started at or after it: " + RangeBound.FORMATS) @QueryParam("from")
                    String from,
            @Parameter(description = "Sessions that started before it, as `from`") @QueryParam("to") String to,
            @Parameter(description = "A channel id, or `none` for work not carried by a channel (PHONE)")
                    @QueryParam("channel")
                    String channel,
            @Parameter(description = "OPEN (running) or ENDED") @QueryParam("status") String status,
            @Parameter(
                            description = "true: `from` and `to` select sessions whose time overlaps them (as reports"
                                    + " count them) rather than sessions that started within them")
                    @QueryParam("overlapping")
                    Boolean overlapping,
            @Parameter(
                            description = "CONVERSATIONS: work naming no post (conversations, off-system work);"
                                    + " PUBLISHING: work on posts (composing, approving)")
                    @QueryParam("work")
                    String work,
            @Parameter(description = "A post id: the work on that post") @QueryParam("post") String post,
            @Parameter(
                            description = "A channel id: the work on posts whose time the channel reports count on"
                                    + " it (posts it carries, as a target or a broadcast's channel; when texts of"
                                    + " some channels were edited in the session, only those channels). The"
                                    + " reports split such a session's seconds across those channels.")
                    @QueryParam("postChannel")
                    String postChannel,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        WorkSessionFilter filter = WorkSessionFilter.parse(
                operatorFilter,
                conversation,
                kind,
                source,
                from,
                to,
                channel,
                status,
                overlapping,
                work,
                post,
                postChannel,
                actor(),
                tenants.timeZone(tenant.require()));
        return log.list(filter, cursor, Cursor.limit(limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Log work done off-system, such as a phone call (a MANUAL entry)",
            description = "Who logged it and when is kept. Managers may log work for another operator. With a"
                    + " `conversationId`, the kind is the conversation's (default) or PHONE; PHONE work is not"
                    + " costed to the conversation's channel (`channelId` stays null). The hourly cost in force at"
                    + " `startedAt` is recorded with it.")
    @APIResponse(
            responseCode = "201",
            description = "The entry",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    public Response createWorkSession(@Valid @NotNull LogWorkRequest request, @Context UriInfo uri) {
        WorkSessionView entry = log.log(request, actor(), clock.instant());
        return Response.created(uri.getAbsolutePathBuilder().path(entry.id()).build())
                .entity(entry)
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One work session (agents: their own)")
    public WorkSessionView getWorkSession(@PathParam("id") String id) {
        return log.get(id, actor());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Correct a work session",
            description = "Agents change their own entries, managers anyone's. MANUAL entries may change kind, start,"
                    + " duration and note; a LIVE session only its note (409 otherwise). Who changed it and when"
                    + " is kept (`updatedBy`, `updatedAt`, and the entry's history).")
    @APIResponse(responseCode = "409", description = "A LIVE session's times or kind were to change")
    @APIResponse(
            responseCode = "200",
            description = "The work session, corrected",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    public WorkSessionView updateWorkSession(
            @PathParam("id") String id, @Valid @NotNull UpdateWorkSessionRequest request) {
        return log.update(id, request, actor(), clock.instant());
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            summary = "Delete a MANUAL entry (its history stays)",
            description = "LIVE sessions are measurements and cannot be deleted (409).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "The session is LIVE")
    public Response deleteWorkSession(@PathParam("id") String id) {
        log.delete(id, actor(), clock.instant());
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Hand-made changes of a work session, oldest first, with who made them and when")
    public List<WorkSessionChangeView> getWorkSessionHistory(@PathParam("id") String id) {
        return log.history(id, actor());
    }

    private Actor actor() {
        return new Actor(operator.id(), operator.hasRole(Roles.MANAGER));
    }
}
