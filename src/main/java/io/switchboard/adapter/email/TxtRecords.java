package io.switchboard.adapter.email;

import java.util.List;

/** Looks up the TXT records of a DNS name, for proving that a tenant owns a domain. */
public interface TxtRecords {

    /**
     * The TXT records of {@code name}, each as one string (a record's character strings joined, as RFC 7208 reads
     * them); empty when the name or its TXT records do not exist.
     *
     * @throws LookupFailed when no answer could be had (servers unreachable, timeout): nothing can be said yet
     */
    List<String> lookup(String name);

    /** No answer from DNS: neither found nor known to be missing. */
    final class LookupFailed extends RuntimeException {
        public LookupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
