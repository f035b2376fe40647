package io.switchboard.tenancy;

/** The tenant's settings: {@code timeZone} is an IANA zone id; it decides where days begin in reports. */
public record TenantSettings(String id, String name, String timeZone) {

    static TenantSettings of(Tenant tenant) {
        return new TenantSettings(tenant.id, tenant.name, tenant.timeZone);
    }
}
