package io.switchboard.staff;

import java.util.Set;

/** Operators joined or left a team. Fired synchronously inside the transaction that changed it. */
public record TeamMembersChanged(String tenantId, String teamId, Set<String> added, Set<String> removed) {}
