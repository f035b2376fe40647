package io.switchboard.staff;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/me")
@Tag(name = "Operators")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final CurrentOperator currentOperator;

    public MeResource(CurrentOperator currentOperator) {
        this.currentOperator = currentOperator;
    }

    @GET
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "The caller's operator profile, tenant and effective roles")
    public MeView getMe() {
        CallerProfile profile = currentOperator.profile();
        return new MeView(currentOperator.id(), profile.tenantId(), profile.name(), profile.email(), profile.roles());
    }
}
