package io.switchboard.adapter.email;

import io.switchboard.channel.ChannelService;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Proving that the tenant owns the domain an EMAIL channel sends from. */
@Path("/api/v1/channels/{id}/domain-verification")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EmailDomainResource {

    private final ChannelService channels;
    private final EmailDomains domains;

    public EmailDomainResource(ChannelService channels, EmailDomains domains) {
        this.channels = channels;
        this.domains = domains;
    }

    @GET
    @Operation(
            summary = "Whether an EMAIL channel's domain is verified, and the TXT record that proves it",
            description = "Until its domain is verified an EMAIL channel receives mail but refuses replies and"
                    + " broadcasts (422). Publish a TXT record named recordName with the value recordValue, then"
                    + " POST here. The token is issued on the first call and stays the same.")
    @APIResponse(
            responseCode = "200",
            description = "The domain and its verification",
            content = @Content(schema = @Schema(implementation = EmailDomainView.class)))
    @APIResponse(responseCode = "422", description = "The channel is not an EMAIL channel")
    public EmailDomainView getEmailDomainVerification(@PathParam("id") String id) {
        return domains.status(domainOf(id));
    }

    @POST
    @Operation(
            summary = "Look the domain's TXT record up now",
            description = "Verifies the domain when its TXT record holds the expected value; otherwise lastError says"
                    + " what was found. DNS changes can take a while to be seen: try again later.")
    @APIResponse(
            responseCode = "200",
            description = "The domain after the look-up",
            content = @Content(schema = @Schema(implementation = EmailDomainView.class)))
    @APIResponse(responseCode = "422", description = "The channel is not an EMAIL channel")
    public EmailDomainView verifyEmailDomain(@PathParam("id") String id) {
        return domains.check(domainOf(id));
    }

    private String domainOf(String id) {
        return EmailDomains.domainOf(OwnEmailChannel.require(channels, id, "no-sending-domain", "send from a domain")
                .setting("address"));
    }
}
