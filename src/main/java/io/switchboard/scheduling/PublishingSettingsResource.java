package io.switchboard.scheduling;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's publishing settings: whether posts need a manager's approval before they are scheduled. */
@Path("/api/v1/settings/publishing")
@Tag(name = "Posts")
@Produces(MediaType.APPLICATION_JSON)
public class PublishingSettingsResource {

    @Schema(name = "PublishingSettings")
    public record Settings(
            @Schema(
                    description = "Submitted posts wait for a manager's approval (true by default); when false,"
                            + " submitting schedules them")
            @NotNull
            Boolean approvalRequired) {}

    private final PublishingSettings settings;

    public PublishingSettingsResource(PublishingSettings settings) {
        this.settings = settings;
    }

    @GET
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "The tenant's publishing settings")
    public Settings getPublishingSettings() {
        return new Settings(settings.approvalRequired());
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change the tenant's publishing settings (admin)",
            description = "Switching approval off does not schedule posts already pending: approve or resubmit them")
    public Settings putPublishingSettings(@Valid @NotNull Settings request) {
        settings.approvalRequired(request.approvalRequired());
        return request;
    }
}
