package io.switchboard.limits;

import io.switchboard.channel.ChannelKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The limits in force for one tenant: its own values where it set them, the platform's defaults otherwise. */
public record TenantLimits(Rate api, Rate publicEndpoints, int smsPerDay, int emailPerDay) {

    /** A token bucket: {@code burst} requests at once, refilled at {@code perMinute}. */
    @Schema(name = "RequestRate")
    public record Rate(
            @Schema(description = "Requests per minute the tenant may keep sending")
            int perMinute,

            @Schema(description = "Requests the tenant may send at once, after a pause")
            int burst) {}

    public Rate rate(LimitClass limitClass) {
        return limitClass == LimitClass.API ? api : publicEndpoints;
    }

    /** The daily cap of a paid kind (SMS, EMAIL). */
    public int perDay(ChannelKind kind) {
        return switch (kind) {
            case SMS -> smsPerDay;
            case EMAIL -> emailPerDay;
            default -> throw new IllegalArgumentException(kind + " messages are not capped");
        };
    }
}
