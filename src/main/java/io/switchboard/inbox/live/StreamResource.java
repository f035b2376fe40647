package io.switchboard.inbox.live;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/stream")
@Tag(name = "Live updates")
@RolesAllowed(Roles.AGENT)
public class StreamResource {

    private final LiveUpdates liveUpdates;
    private final TenantContext tenantContext;
    private final StreamSlots slots;
    private final SecurityIdentity identity;
    private final SwitchboardConfig config;
    private final Clock clock;

    public StreamResource(
            LiveUpdates liveUpdates,
            TenantContext tenantContext,
            StreamSlots slots,
            SecurityIdentity identity,
            SwitchboardConfig config,
            Clock clock) {
        this.liveUpdates = liveUpdates;
        this.tenantContext = tenantContext;
        this.slots = slots;
        this.identity = identity;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Server-sent events of the caller's tenant: conversation-created, conversation-updated,"
                    + " message-created (data: {type, conversationId, messageId}); a comment every 25 s keeps"
                    + " proxies from closing the stream",
            description = "The stream ends when the access token it was opened with expires: connect again with a"
                    + " fresh one (events in between are missed; reload what is shown). A tenant has at most"
                    + " switchboard.streams.max-per-tenant streams open on one replica; more are refused with 429.")
    public Multi<OutboundSseEvent> streamEvents(@Context Sse sse) {
        String tenantId = tenantContext.require();
        Duration lifetime = Duration.between(clock.instant(), tokenExpiry());
        Multi<OutboundSseEvent> events = liveUpdates
                .of(tenantId)
                .map(a -> sse.newEventBuilder()
                        .name(a.type().eventName())
                        .id(a.messageId() != null ? a.messageId() : a.conversationId())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(new LiveEvent(a.type().eventName(), a.conversationId(), a.messageId()))
                        .build());
        Runnable release = slots.take(
                "tenant\n" + tenantId,
                config.streams().maxPerTenant(),
                "The tenant has as many live streams open as it may; close one or retry after the indicated delay");
        return ServerSentEvents.stream(sse, events, lifetime, release);
    }

    /** When the caller's access token expires; the stream ends then. */
    private Instant tokenExpiry() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            return Instant.ofEpochSecond(token.getExpirationTime());
        }
        throw new IllegalStateException("An operator's stream needs an access token with an expiry");
    }
}
