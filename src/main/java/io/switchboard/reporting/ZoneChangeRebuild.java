package io.switchboard.reporting;

import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.tenancy.TenantTimeZoneChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The rollups are kept per local day of the tenant's zone: when the zone changes, they are rebuilt from the raw rows
 * in the transaction that changed it (which holds the tenant row, so no writer of the tenant counts in between), and
 * no report ever mixes two zones.
 */
@ApplicationScoped
class ZoneChangeRebuild {

    private final RollupWriter rollups;

    ZoneChangeRebuild(RollupWriter rollups) {
        this.rollups = rollups;
    }

    void onZoneChanged(@Observes TenantTimeZoneChanged change) {
        rollups.rebuild(change.tenantId());
    }
}
