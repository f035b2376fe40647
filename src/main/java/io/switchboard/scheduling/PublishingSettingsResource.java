package io.switchboard.scheduling;

import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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
    public record PublishingSettings(
            @Schema(
                    description = "Submitted posts wait for a manager's approval (true by default); when false,"
                            + " submitting schedules them")
            @NotNull
            Boolean approvalRequired) {}

    private final EntityManager em;
    private final TenantContext tenant;

    public PublishingSettingsResource(EntityManager em, TenantContext tenant) {
        this.em = em;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.AGENT)
    @Transactional
    @Operation(summary = "The tenant's publishing settings")
    public PublishingSettings get() {
        Object required = em.createNativeQuery("SELECT post_approval_required FROM tenant WHERE id = ?1")
                .setParameter(1, tenant.require())
                .getSingleResult();
        return new PublishingSettings(required instanceof Boolean b ? b : ((Number) required).intValue() != 0);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(
            summary = "Change the tenant's publishing settings (admin)",
            description = "Switching approval off does not schedule posts already pending: approve or resubmit them")
    public PublishingSettings update(@Valid @NotNull PublishingSettings settings) {
        em.createNativeQuery("UPDATE tenant SET post_approval_required = ?1 WHERE id = ?2")
                .setParameter(1, settings.approvalRequired())
                .setParameter(2, tenant.require())
                .executeUpdate();
        return settings;
    }
}
