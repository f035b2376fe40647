package io.switchboard.staff;

/**
 * Capacities changed: the tenant's (operatorId null) or one operator's. Fired synchronously inside the
 * transaction that changed them.
 */
public record CapacityChanged(String tenantId, String operatorId) {}
