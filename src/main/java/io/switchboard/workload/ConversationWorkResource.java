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

@Path("/api/v1/conversations/{id}/work")
@Tag(name = "Handling time")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ConversationWorkResource {

    private final HandlingTimeRecorder recorder;
    private final CurrentOperator operator;
    private final Clock clock;

    public ConversationWorkResource(HandlingTimeRecorder recorder, CurrentOperator operator, Clock clock) {
        this.recorder = recorder;
        this.operator = operator;
        this.clock = clock;
    }

    @POST
    @Path("/heartbeat")
    @Operation(
            summary = "The caller is working on the conversation: send at least every 30 s while they do",
            description = "Consecutive heartbeats form one work session; after a gap longer than the idle timeout"
                    + " (`SWITCHBOARD_WORKLOAD_IDLE_TIMEOUT`, 60 s by default) the session counts as ended at its"
                    + " last heartbeat, and the next heartbeat starts a new one. Answers the current session"
                    + " (`endedAt` null). A resolved conversation takes no heartbeats (409): stop the clock, or"
                    + " reopen the conversation first.")
    @APIResponse(
            responseCode = "200",
            description = "The caller's current session on the conversation",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    @APIResponse(responseCode = "409", description = "The conversation is resolved")
    public WorkSessionView workHeartbeat(@PathParam("id") String id) {
        return recorder.heartbeat(id, operator.id(), clock.instant());
    }

    @POST
    @Path("/stop")
    @Operation(
            summary = "The caller stopped working on the conversation: their session ends now",
            description = "Resolving the conversation ends every session on it as well.")
    @APIResponse(
            responseCode = "200",
            description = "The session that ended",
            content = @Content(schema = @Schema(implementation = WorkSessionView.class)))
    @APIResponse(responseCode = "204", description = "The caller had no session running on the conversation")
    public Response stopWork(@PathParam("id") String id) {
        return recorder.stop(id, operator.id(), clock.instant())
                .map(session -> Response.ok(session).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
