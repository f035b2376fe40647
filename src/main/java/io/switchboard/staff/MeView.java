package io.switchboard.staff;

import java.util.List;

/** The caller's own profile. {@code roles} are effective roles: an admin is also a manager and an agent. */
public record MeView(String id, String tenant, String name, String email, List<String> roles) {}
