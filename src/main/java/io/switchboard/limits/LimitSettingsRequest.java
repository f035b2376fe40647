package io.switchboard.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A tenant's own limits; every field is optional, and an absent (or null) one means the platform's default. A PUT
 * replaces all of them. Values above the platform's maxima are refused.
 */
@Schema(name = "LimitSettingsRequest")
public record LimitSettingsRequest(
        @Schema(description = "Requests on the authenticated API (/api), per tenant") @Valid
        RateRequest api,

        @Schema(description = "Requests on the provider webhooks (/webhooks) and the chat widget (/public)") @Valid
        RateRequest publicEndpoints,

        @Schema(description = "SMS messages (replies and broadcast recipients) per UTC day; 0 sends none") @Min(0)
        Integer smsPerDay,

        @Schema(description = "Email messages (replies and broadcast recipients) per UTC day; 0 sends none") @Min(0)
        Integer emailPerDay) {

    @Schema(name = "RequestRateRequest")
    public record RateRequest(
            @NotNull @Min(1) Integer perMinute,
            @NotNull @Min(1) Integer burst) {}
}
