package io.switchboard.inbox.live;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.inbox.InboxActivity;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.staff.StreamPresence;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/stream")
@Tag(name = "Live updates")
@RolesAllowed(Roles.AGENT)
public class StreamResource {

    static final String RESYNC = "resync";

    private final LiveUpdates liveUpdates;
    private final TenantContext tenantContext;
    private final StreamSlots slots;
    private final SecurityIdentity identity;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final StreamPresence presence;
    private final CurrentOperator operator;

    public StreamResource(
            LiveUpdates liveUpdates,
            TenantContext tenantContext,
            StreamSlots slots,
            SecurityIdentity identity,
            SwitchboardConfig config,
            Clock clock,
            StreamPresence presence,
            CurrentOperator operator) {
        this.liveUpdates = liveUpdates;
        this.tenantContext = tenantContext;
        this.slots = slots;
        this.identity = identity;
        this.config = config;
        this.clock = clock;
        this.presence = presence;
        this.operator = operator;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Server-sent events of the caller's tenant: conversation-created, conversation-updated,"
                    + " message-created, message-updated (data: {type, conversationId, messageId}) and resync;"
                    + " resumable with Last-Event-ID",
            description = "Every event carries an id, its position in the shared event log: increasing in the order"
                    + " the events were written on any replica, but not consecutive (the log is shared by all"
                    + " tenants). The stream starts with an id-only message (a comment and an id) naming where it"
                    + " stands, so a client has a position before any event. A client that connects again with the"
                    + " last id it received, in the `Last-Event-ID` header (what a browser's EventSource sends) or"
                    + " the `lastEventId` query parameter (for clients that cannot set headers; the header wins),"
                    + " first receives every event of its tenant written after it, in order and once, then the live"
                    + " ones. When that cannot be done it receives one `resync` event instead (data: {type:"
                    + " \"resync\", reason}; reason `expired` when the first missed event is older than"
                    + " switchboard.streams.resume-retention, 15 minutes by default; `too-many` past 10,000 missed"
                    + " events; `unknown` for an id this stream never gave): reload what is shown, and keep its id."
                    + " A comment every 25 s keeps proxies from closing the stream. The stream ends when the access"
                    + " token it was opened with expires: connect again with a fresh one and the last id. A tenant"
                    + " has at most switchboard.streams.max-per-tenant streams open on one replica; more are refused"
                    + " with 429. An operator's open stream is what keeps them ONLINE: about two minutes"
                    + " (switchboard.presence.away-after-disconnect) after their last stream closed, an ONLINE"
                    + " operator is set AWAY, so that auto-assignment stops giving them conversations.")
    public Multi<OutboundSseEvent> streamEvents(
            @Context Sse sse,
            @Parameter(
                            description = "The id of the last event received; events after it are sent first",
                            example = "40512")
                    @HeaderParam("Last-Event-ID")
                    String lastEventIdHeader,
            @Parameter(
                            description = "The same as the Last-Event-ID header, for clients that cannot set"
                                    + " headers; the header wins when both are given",
                            example = "40512")
                    @QueryParam("lastEventId")
                    String lastEventIdQuery) {
        String tenantId = tenantContext.require();
        Duration lifetime = Duration.between(clock.instant(), tokenExpiry());
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank()
                ? lastEventIdHeader
                : lastEventIdQuery != null && !lastEventIdQuery.isBlank() ? lastEventIdQuery : null;
        Runnable release = slots.take(
                "tenant\n" + tenantId,
                config.streams().maxPerTenant(),
                "The tenant has as many live streams open as it may; close one or retry after the indicated delay");
        Runnable left = presence.opened(operator.id());
        Runnable ended = () -> {
            release.run();
            left.run();
        };
        try {
            Multi<OutboundSseEvent> events =
                    liveUpdates.follow(tenantId, lastEventId).map(item -> sseEvent(sse, item));
            return ServerSentEvents.stream(sse, events, lifetime, ended);
        } catch (RuntimeException e) {
            ended.run(); // No stream was opened: its slot and its presence are given back.
            throw e;
        }
    }

    private static OutboundSseEvent sseEvent(Sse sse, StreamItem item) {
        String id = Long.toString(item.position());
        return switch (item) {
            case StreamItem.Logged logged -> {
                InboxActivity a = LiveUpdates.activity(logged.event());
                yield sse.newEventBuilder()
                        .name(a.type().eventName())
                        .id(id)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(new LiveEvent(a.type().eventName(), a.conversationId(), a.messageId()))
                        .build();
            }
            // No data, so EventSource dispatches nothing, but takes the id as its Last-Event-ID.
            case StreamItem.Position position ->
                sse.newEventBuilder().comment("position").id(id).build();
            case StreamItem.Resync resync ->
                sse.newEventBuilder()
                        .name(RESYNC)
                        .id(id)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(new ResyncEvent(RESYNC, resync.reason()))
                        .build();
        };
    }

    /** The data of a resync event: the client reloads what it shows. */
    public record ResyncEvent(String type, String reason) {}

    /** When the caller's access token expires; the stream ends then. */
    private Instant tokenExpiry() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(token.getExpirationTime());
        }
        throw new IllegalStateException("An operator's stream needs an access token with an expiry");
    }
}
