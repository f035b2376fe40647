package io.switchboard.limits;

import io.switchboard.channel.ChannelKind;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's limits: request rates and the daily caps on SMS and email messages. */
@Path("/api/v1/settings/limits")
@Tag(name = "Limits", description = "Request rates and daily caps on paid messages, per tenant")
@Produces(MediaType.APPLICATION_JSON)
public class LimitSettingsResource {

    private final TenantLimitSettings settings;
    private final PaidMessageAllowance allowance;
    private final TenantContext tenant;
    private final Clock clock;

    public LimitSettingsResource(
            TenantLimitSettings settings, PaidMessageAllowance allowance, TenantContext tenant, Clock clock) {
        this.settings = settings;
        this.allowance = allowance;
        this.tenant = tenant;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.MANAGER)
    @Operation(
            summary = "The tenant's limits in force, its own settings, the maxima and today's SMS and email messages"
                    + " (managers)")
    public LimitSettingsView getLimitSettings() {
        return view();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the tenant's own limits (admin)",
            description = "Replaces every setting: an absent or null one follows the platform's default. Values above"
                    + " the platform's maxima are refused. In force at once on the replica that answers, within 30 s"
                    + " on the others. Lowering a daily cap does not stop messages already written.")
    @APIResponse(responseCode = "400", description = "A value is out of range (above a maximum, below the minimum)")
    @APIResponse(
            responseCode = "200",
            description = "The limits now in force",
            content = @Content(schema = @Schema(implementation = LimitSettingsView.class)))
    public LimitSettingsView putLimitSettings(@Valid @NotNull LimitSettingsRequest request) {
        settings.update(tenant.require(), request);
        return view();
    }

    private LimitSettingsView view() {
        String tenantId = tenant.require();
        TenantLimits limits = settings.limits(tenantId);
        LocalDate today = PaidMessageAllowance.day(clock.instant());
        var sms = allowance.usage(tenantId, ChannelKind.SMS, today);
        var email = allowance.usage(tenantId, ChannelKind.EMAIL, today);
        return new LimitSettingsView(
                limits.api(),
                limits.publicEndpoints(),
                limits.smsPerDay(),
                limits.emailPerDay(),
                settings.overrides(tenantId),
                settings.maximums(),
                new LimitSettingsView.UsageToday(
                        today, sms.used(), (int) sms.remaining(), email.used(), (int) email.remaining()));
    }
}
