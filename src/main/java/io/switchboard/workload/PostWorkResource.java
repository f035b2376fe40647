package io.switchboard.workload;

import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/posts/{id}/work")
@Tag(name = "Handling time")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class PostWorkResource {

    private final PublishingTimeRecorder recorder;
    private final CurrentOperator operator;
    private final Clock clock;

    public PostWorkResource(PublishingTimeRecorder recorder, CurrentOperator operator, Clock clock) {
        this.recorder = recorder;
        this.operator = operator;
        this.clock = clock;
    }

    @POST
    @Path("/heartbeat")
    @Operation(
            summary = "The caller is writing or approving the post: send at least every 30 s while they do",
            description = "Same rules as work on a conversation: consecutive heartbeats form one work session;"
                    + " after a gap longer than the idle timeout (`SWITCHBOARD_WORKLOAD_IDLE_TIMEOUT`, 60 s by"
                    + " default) the session counts as ended at its last heartbeat, and the next heartbeat starts a"
                    + " new one. Answers the current session (`endedAt` null, `postId` set). The session is priced"
                    + " at the caller's hourly cost and counted on the post's channels, split evenly, or on the"
                    + " channels whose own text the caller changed (PATCH of the post) while it was open. Only a"
                    + " DRAFT, PENDING_APPROVAL or SCHEDULED post takes heartbeats (409 otherwise).")
    @APIResponse(
            responseCode = "200",
            description = "The caller's current session on the post",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    @APIResponse(responseCode = "409", description = "The post is published, failed, missed or cancelled")
    public WorkSessionView postWorkHeartbeat(@PathParam("id") String id) {
        return recorder.heartbeat(id, operator.id(), clock.instant());
    }

    @POST
    @Path("/stop")
    @Operation(summary = "The caller stopped working on the post (left the composer): their session ends now")
    @APIResponse(
            responseCode = "200",
            description = "The session that ended",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    @APIResponse(responseCode = "204", description = "The caller had no session running on the post")
    public Response stopPostWork(@PathParam("id") String id) {
        return recorder.stop(id, operator.id(), clock.instant())
                .map(session -> Response.ok(session).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
