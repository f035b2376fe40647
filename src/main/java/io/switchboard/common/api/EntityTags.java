package io.switchboard.common.api;

/**
 * Entity tags of versioned resources: the version is the tag. Comparison follows If-Match's strong comparison,
 * except that a weak {@code W/} prefix is tolerated, since compressing proxies weaken the tags they pass on.
 */
public final class EntityTags {

    private EntityTags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether an If-Match (or If-None-Match) header value names this version: {@code *} or a list of tags. */
    public static boolean matches(String header, long version) {
        String current = of(version);
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
