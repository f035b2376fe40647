package io.switchboard.tenancy;

import java.time.ZoneId;

/**
 * A tenant's time zone changed. Fired synchronously inside the transaction that changed it, so that whatever is
 * kept per local day (report rollups) is re-bucketed in the same transaction.
 */
public record TenantTimeZoneChanged(String tenantId, ZoneId timeZone) {}
