package io.switchboard.reporting;

import io.switchboard.common.db.ReportQueries;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The manager's live overview of the tenant (the console's landing screen for managers). */
@Path("/api/v1/overview")
@Tag(name = "Reports")
@RolesAllowed(Roles.MANAGER)
@ReportQueries
public class OverviewResource {

    private final Overview overview;
    private final TenantContext tenant;

    public OverviewResource(Overview overview, TenantContext tenant) {
        this.overview = overview;
        this.tenant = tenant;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Right now: conversations per channel, operators' availability and load, the longest waits",
            description = "Per channel: conversations OPEN, PENDING and SNOOZED; OPEN ones unassigned (the queue) and"
                    + " awaiting a reply (inbound messages no reply answered yet), and how many of those wait longer"
                    + " than the channel's first-response target (its own, else its kind's; counted in business time"
                    + " when the tenant has business hours). Per operator: availability, OPEN and PENDING"
                    + " conversations per kind against the effective capacity, and whether some kind is full. Read"
                    + " live; a client refreshes it as the event stream reports changes.")
    public OverviewView getOverview() {
        return overview.now(tenant.require());
    }
}
