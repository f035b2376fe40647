package io.switchboard.tenancy;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(summary = "The tenant's settings (time zone, business hours)")
    public TenantSettings getTenantSettings() {
        return view(tenants.find(tenant.require()).orElseThrow());
    }

    private static TenantSettings view(Tenant t) {
        return TenantSettings.of(t, TenantService.businessHours(t));
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
        return view(tenants.setTimeZone(tenant.require(), request.timeZone()));
    }

    @PUT
    @Path("/business-hours")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the tenant's business hours (admins)",
            description = "Weekly opening hours in the tenant's time zone, replacing any before: per weekday up to 4"
                    + " [open, close) intervals, HH:mm, open before close (close up to 24:00), no overlaps; a day"
                    + " absent or empty is closed, and the week must open at least once. 400 names every invalid"
                    + " field, and nothing is stored. Once set, first-response targets count only business time:"
                    + " the inbox's replyDueAt, the overview's pastTarget and the response-time report (whose"
                    + " times then count business time).")
    public TenantSettings putBusinessHours(@NotNull WeeklyHours request) {
        return view(tenants.setBusinessHours(tenant.require(), request));
    }

    @DELETE
    @Path("/business-hours")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Clear the tenant's business hours: always open again (admins)")
    @APIResponse(responseCode = "204", description = "Cleared (also when none were set)")
    public void deleteBusinessHours() {
        tenants.clearBusinessHours(tenant.require());
    }
}
