package io.switchboard.workload;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One hand-made change of a work session. */
public record WorkSessionChangeView(
        WorkSessionChange.Action action,
        String changedBy,
        Instant changedAt,

        @Schema(description = "The entry after the change; for DELETED, as it was")
        WorkSessionView entry) {}
