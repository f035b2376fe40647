package io.switchboard.adapter.api;

import io.smallrye.common.annotation.Blocking;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.IngestResult;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The generic API channel: an authenticated integration hands over the messages its users sent. */
@Path("/api/v1/channels/{id}/inbound")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ApiInboundResource {

    private final ChannelService channels;
    private final InboundIngestor ingestor;

    public ApiInboundResource(ChannelService channels, InboundIngestor ingestor) {
        this.channels = channels;
        this.ingestor = ingestor;
    }

    @POST
    @Blocking
    @Operation(summary = "Deliver an inbound message through an API channel; repeating an externalId is harmless")
    @APIResponse(
            responseCode = "201",
            description = "Stored",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(
            responseCode = "200",
            description = "Already stored earlier (same externalId)",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    public CompletionStage<Response> receiveApiMessage(
            @PathParam("id") String id, @Valid @NotNull ApiInboundRequest request) {
        var channel = channels.resolveOwn(id)
                .filter(c -> c.kind() == ChannelKind.API)
                .orElseThrow(() -> new ResourceNotFoundException("API channel", id));
        List<InboundMessage.Attachment> attachments = request.attachments() == null
                ? List.of()
                : request.attachments().stream()
                        .map(a -> new InboundMessage.Attachment(a.url(), a.contentType(), a.name(), a.size()))
                        .toList();
        var message = new InboundMessage(
                channel,
                request.externalId(),
                new InboundMessage.Sender(
                        IdentityKind.EXTERNAL_ID,
                        request.sender().id(),
                        request.sender().name(),
                        request.sender().handle()),
                request.threadKey() == null ? null : ApiChannel.THREAD_PREFIX + request.threadKey(),
                false,
                List.of(),
                request.subject(),
                request.text(),
                attachments,
                request.sentAt());
        return ingestor.submit(message)
                .thenApply(result -> Response.status(result.duplicate() ? 200 : 201)
                        .entity(result)
                        .build());
    }
}
