package io.switchboard.staff;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's default capacities per channel kind (operators may have their own, see PATCH operators). */
@Path("/api/v1/settings/capacity")
@Tag(name = "Operators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class CapacitySettingsResource {

    private final Capacities capacities;

    public CapacitySettingsResource(Capacities capacities) {
        this.capacities = capacities;
    }

    @GET
    @Operation(summary = "The tenant's capacities per channel kind")
    public CapacitySettings getCapacitySettings() {
        return new CapacitySettings(capacities.tenantCapacities(), Capacities.productDefaults());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the tenant's capacities per channel kind")
    public CapacitySettings updateCapacitySettings(@Valid @NotNull CapacitySettingsRequest request) {
        return new CapacitySettings(capacities.setTenant(request.capacity()), Capacities.productDefaults());
    }
}
