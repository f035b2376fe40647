package io.switchboard.tenancy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's settings: {@code timeZone} is an IANA zone id; it decides where days begin in reports. */
public record TenantSettings(
        String id,
        String name,
        String timeZone,

        @Schema(
                description = "Weekly opening hours in timeZone; null: always open. When set, first-response"
                        + " targets count only business time (the inbox's replyDueAt, the overview's pastTarget, the"
                        + " response-time report)")
        WeeklyHours businessHours) {

    static TenantSettings of(Tenant tenant, BusinessHours hours) {
        return new TenantSettings(tenant.id, tenant.name, tenant.timeZone, WeeklyHours.of(hours));
    }
}
