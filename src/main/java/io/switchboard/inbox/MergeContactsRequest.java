package io.switchboard.inbox;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record MergeContactsRequest(
        @Schema(description = "The duplicate: its identities and conversations move to the contact in the path")
        @NotBlank
        String sourceContactId) {}
