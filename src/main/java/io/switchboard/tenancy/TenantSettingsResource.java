package io.switchboard.tenancy;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's tenant: its time zone decides where days, weeks and months begin in reports. */
@Path("/api/v1/settings/tenant")
@Tag(name = "Settings")
@Produces(MediaType.APPLICATION_JSON)
public class TenantSettingsResource {

    private final TenantService tenants;
    private final TenantContext tenant;

    public TenantSettingsResource(TenantService tenants, TenantContext tenant) {
        this.tenants = tenants;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "The tenant's settings (time zone)")
    public TenantSettings getTenantSettings() {
        return TenantSettings.of(tenants.find(tenant.require()).orElseThrow());
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change the tenant's time zone (admins)",
            description = "An IANA zone id such as `Europe/Berlin` (400 otherwise). Reports bucket days, ISO weeks"
                    + " and months in this zone; the rollups behind them are rebuilt in the same transaction, which"
                    + " takes a while for a tenant with much history.")
    public TenantSettings putTenantSettings(@Valid @NotNull TenantSettingsRequest request) {
        return TenantSettings.of(tenants.setTimeZone(tenant.require(), request.timeZone()));
    }
}
