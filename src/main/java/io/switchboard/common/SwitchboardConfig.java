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

    Imap imap();

    interface Ingest {
        /** Writer threads that store inbound messages; each commits one batch at a time. */
        @WithDefault("4")
        int writers();

        /** Most inbound messages one transaction stores. */
        @WithDefault("64")
        int maxBatch();
    }

    interface Imap {
        /**
         * How often the mailboxes of EMAIL channels with IMAP settings are polled (a duration such as
         * {@code 60s}); {@code off} disables polling.
         */
        @WithDefault("60s")
        String pollEvery();
    }
}
