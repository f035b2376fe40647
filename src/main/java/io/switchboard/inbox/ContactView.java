package io.switchboard.inbox;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ContactView(
        String id,
        String name,
        String email,
        String phone,

        @Schema(
                description = "Labels, normalised (trimmed, lower-case) and sorted; broadcasts go to every contact"
                        + " carrying their audience label")
        List<String> labels,

        @Schema(description = "How the contact is known on each channel, oldest first")
        List<ContactIdentityView> identities,

        Instant createdAt,
        Instant updatedAt) {}
