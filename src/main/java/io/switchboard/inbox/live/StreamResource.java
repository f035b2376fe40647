package io.switchboard.inbox.live;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/stream")
@Tag(name = "Live updates")
@RolesAllowed(Roles.AGENT)
public class StreamResource {

    private final LiveUpdates liveUpdates;
    private final TenantContext tenantContext;

    public StreamResource(LiveUpdates liveUpdates, TenantContext tenantContext) {
        this.liveUpdates = liveUpdates;
        this.tenantContext = tenantContext;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Server-sent events of the caller's tenant: conversation-created, conversation-updated,"
                    + " message-created (data: {type, conversationId, messageId}); a comment every 25 s keeps"
                    + " proxies from closing the stream")
    public Multi<OutboundSseEvent> streamEvents(@Context Sse sse) {
        String tenantId = tenantContext.require();
        Multi<OutboundSseEvent> events = liveUpdates
                .of(tenantId)
                .map(a -> sse.newEventBuilder()
                        .name(a.type().eventName())
                        .id(a.messageId() != null ? a.messageId() : a.conversationId())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(new LiveEvent(a.type().eventName(), a.conversationId(), a.messageId()))
                        .build());
        return ServerSentEvents.withKeepAlive(sse, events);
    }
}
