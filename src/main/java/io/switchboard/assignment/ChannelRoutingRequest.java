package io.switchboard.assignment;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ChannelRoutingRequest(
        @Schema(description = "A team of the tenant, or null for none; required unless autoAssignment is OFF")
        String teamId,

        @NotNull AutoAssignment autoAssignment) {}
