package io.switchboard.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The realm roles the service knows, strongest first. Each role includes every weaker one: an admin can do
 * what a manager can, and a manager what an agent can.
 */
public final class Roles {

    public static final String AGENT = "agent";
    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";

    /** Ordered from strongest to weakest. */
    public static final List<String> HIERARCHY = List.of(ADMIN, MANAGER, AGENT);

    private Roles() {}

    /** The roles of this service among {@code granted}, plus every role they include. */
    public static Set<String> effective(Set<String> granted) {
        Set<String> effective = new LinkedHashSet<>();
        boolean included = false;
        for (String role : HIERARCHY) {
            included |= granted.contains(role);
            if (included) {
                effective.add(role);
            }
        }
        return effective;
    }

    /** Only the roles of this service among {@code granted}, strongest first. */
    public static List<String> known(Set<String> granted) {
        return HIERARCHY.stream().filter(granted::contains).toList();
    }
}
