package io.switchboard.adapter.email;

import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How the polling of an EMAIL channel's IMAP mailbox goes. */
@Path("/api/v1/channels/{id}/mailbox")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ImapMailboxResource {

    /** The polling status of a mailbox. */
    public record MailboxStatus(
            /** Whether the channel has IMAP settings (host, username, password) and so is polled. */
            boolean imapConfigured,
            Instant lastPolledAt,
            Instant lastSuccessAt,
            /** Failed polls in a row; the mailbox then waits the poll interval × 2^(failures − 1), capped. */
            int failures,
            /** When a failing mailbox is polled again; null when it is polled at every interval. */
            Instant nextPollAt,
            /** What went wrong the last time, in a few words; null after a success. */
            String lastError) {}

    private final ChannelService channels;
    private final ImapPollStates states;

    public ImapMailboxResource(ChannelService channels, ImapPollStates states) {
        this.channels = channels;
        this.states = states;
    }

    @GET
    @Operation(
            summary = "How the polling of an EMAIL channel's IMAP mailbox goes",
            description = "A mailbox that fails (unreachable, too slow, login refused) is polled again after a delay"
                    + " that doubles with each failure in a row (SWITCHBOARD_IMAP_MAX_BACKOFF at most).")
    @APIResponse(
            responseCode = "200",
            description = "The mailbox's polling status",
            content = @Content(schema = @Schema(implementation = MailboxStatus.class)))
    @APIResponse(responseCode = "422", description = "The channel is not an EMAIL channel")
    public MailboxStatus getMailboxStatus(@PathParam("id") String id) {
        ResolvedChannel channel = OwnEmailChannel.require(channels, id, "no-mailbox", "have a mailbox");
        boolean configured = ImapMailbox.of(channel).isPresent();
        return states.of(channel.tenantId(), channel.id())
                .map(s -> new MailboxStatus(
                        configured, s.lastPolledAt(), s.lastSuccessAt(), s.failures(), s.nextPollAt(), s.lastError()))
                .orElse(new MailboxStatus(configured, null, null, 0, null, null));
    }
}
