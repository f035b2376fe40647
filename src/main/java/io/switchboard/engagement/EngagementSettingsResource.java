package io.switchboard.engagement;

import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's engagement settings: its monthly budget of X reads, and how much of it this month used. */
@Path("/api/v1/settings/engagement")
@Tag(name = "Posts")
@Produces(MediaType.APPLICATION_JSON)
public class EngagementSettingsResource {

    @Schema(name = "EngagementSettings")
    public record EngagementSettings(
            @Schema(
                    description = "Resources the tenant may read from X per UTC month (X bills each): post metrics"
                            + " and the accounts' follower counts")
            int xMonthlyReadBudget,

            @Schema(description = "Whether the budget is the tenant's own (else the platform default)")
            boolean ownBudget,

            @Schema(description = "The current UTC month, YYYY-MM")
            String month,

            @Schema(description = "X reads used this month") int xReadsUsed,

            @Schema(description = "X reads left this month") int xReadsLeft) {}

    @Schema(name = "EngagementSettingsRequest")
    public record EngagementSettingsRequest(
            @Schema(description = "The tenant's own monthly X read budget; null returns to the platform default")
            @Min(0)
            Integer xMonthlyReadBudget) {}

    private final XReadBudget budget;
    private final TenantContext tenant;
    private final SwitchboardConfig config;
    private final Clock clock;

    public EngagementSettingsResource(XReadBudget budget, TenantContext tenant, SwitchboardConfig config, Clock clock) {
        this.budget = budget;
        this.tenant = tenant;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "The tenant's X read budget and what this month used (manager)")
    public EngagementSettings getEngagementSettings() {
        XReadBudget.Usage usage = budget.usage(tenant.require(), clock.instant());
        return new EngagementSettings(
                usage.budget(), usage.ownBudget() != null, usage.month(), usage.used(), usage.remaining());
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the tenant's monthly X read budget (admin)",
            description = "At most the platform's maximum (SWITCHBOARD_ENGAGEMENT_X_MONTHLY_READS_MAX); a budget"
                    + " lowered below what the month used stops X fetches until the next month")
    public EngagementSettings updateEngagementSettings(@Valid @NotNull EngagementSettingsRequest request) {
        Integer own = request.xMonthlyReadBudget();
        int max = config.engagement().xMonthlyReadsMax();
        if (own != null && own > max) {
            throw InvalidRequestException.ofField("xMonthlyReadBudget", "must be at most " + max);
        }
        budget.ownBudget(tenant.require(), own, clock.instant());
        return getEngagementSettings();
    }
}
