package io.switchboard.limits;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The limits in force for the tenant, what it set itself, the platform's maxima, and today's paid messages. */
@Schema(name = "LimitSettings")
public record LimitSettingsView(
        @Schema(description = "In force on the authenticated API")
        TenantLimits.Rate api,

        @Schema(description = "In force on the webhooks and the chat widget")
        TenantLimits.Rate publicEndpoints,

        @Schema(description = "SMS messages per UTC day in force")
        int smsPerDay,

        @Schema(description = "Email messages per UTC day in force")
        int emailPerDay,

        @Schema(description = "What the tenant set; null fields follow the platform's defaults")
        LimitSettingsRequest overrides,

        Maximums maximums,
        UsageToday usageToday) {

    /** The most a tenant may allow itself. */
    @Schema(name = "LimitMaximums")
    public record Maximums(int apiPerMinute, int publicEndpointsPerMinute, int smsPerDay, int emailPerDay) {}

    /** Paid messages written today (UTC), replies and broadcast recipients, and what remains of the day's cap. */
    @Schema(name = "PaidMessageUsage")
    public record UsageToday(LocalDate day, int sms, int smsRemaining, int email, int emailRemaining) {}
}
