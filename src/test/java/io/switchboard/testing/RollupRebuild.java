package io.switchboard.testing;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.reporting.rollups.RollupWriter;

/**
 * For tests that write raw rows around the services (messages and facts "as ingest would have written them on the
 * day"), as a bulk load does: the tenant's report rollups rebuilt from the raw rows by the application's rebuild.
 */
public final class RollupRebuild {

    private RollupRebuild() {}

    public static void of(String tenantId) {
        RollupWriter rollups = Arc.container().instance(RollupWriter.class).get();
        QuarkusTransaction.requiringNew().run(() -> rollups.rebuild(tenantId));
    }
}
