package io.switchboard.common.error;

/** Problem type URIs: stable identifiers clients may switch on. */
public final class ProblemTypes {

    private static final String PREFIX = "urn:switchboard:problem:";

    private ProblemTypes() {}

    public static String of(String slug) {
        return PREFIX + slug;
    }
}
