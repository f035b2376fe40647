package io.switchboard.adapter.email;

import java.time.Instant;

/** Where an EMAIL channel's sending domain stands. */
public record EmailDomainView(
        String domain,
        /** The DNS name of the TXT record that proves ownership. */
        String recordName,
        /** The value that TXT record must have. */
        String recordValue,
        /** Whether the channel may send (replies, broadcasts) from this domain. */
        boolean verified,
        /** Verified by the platform's configuration (on-premises installs) rather than by DNS. */
        boolean vouchedByPlatform,
        Instant verifiedAt,
        /** When the TXT record was last looked up. */
        Instant checkedAt,
        /** What the last look-up found instead of the expected record; null once verified. */
        String lastError) {}
