package io.switchboard.staff;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record TeamView(
        String id,
        String name,

        @Schema(description = "Operator ids, in the order they joined")
        List<String> members,

        Instant createdAt,
        Instant updatedAt) {}
