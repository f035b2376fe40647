package io.switchboard.common.error;

import java.util.UUID;
import java.util.regex.Pattern;

/** Correlation ids tie an error response to its log line. A caller may supply one; otherwise we make one. */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private CorrelationIds() {}

    public static String fromHeaderOrNew(String header) {
        return header != null && SAFE.matcher(header).matches()
                ? header
                : UUID.randomUUID().toString();
    }
}
