package io.switchboard.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Public URL of the service as providers call it; webhook URLs and signatures are built on it. */
    String publicBaseUrl();

    /** Base64 of 32 random bytes: encrypts channel credentials at rest. */
    String secretsKey();

    Ingest ingest();

    Inbox inbox();

    interface Ingest {
        /** Writer threads that store inbound messages; each commits one batch at a time. */
        @WithDefault("4")
        int writers();

        /** Most inbound messages one transaction stores. */
        @WithDefault("64")
        int maxBatch();
    }

    interface Inbox {
        /** How often every replica looks for snoozed conversations whose time has come. */
        @WithDefault("30s")
        String snoozeWakeInterval();

        /** Most snoozed conversations one wake-up transaction reopens. */
        @WithDefault("100")
        int snoozeWakeBatch();
    }
}
