package io.switchboard.assignment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record TeamRequest(
        @Schema(description = "A team of the tenant, or null to take the conversation out of any team's queue")
        String teamId) {}
