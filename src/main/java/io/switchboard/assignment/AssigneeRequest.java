package io.switchboard.assignment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record AssigneeRequest(
        @Schema(description = "An operator of the tenant, or null to leave the conversation unassigned")
        String operatorId) {}
