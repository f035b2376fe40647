package io.switchboard.inbox;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who a conversation is with, as the inbox lists it. */
public record ContactSummary(
        String id,
        String name,

        @Schema(description = "How the contact is known on the conversation's channel (number, address, @handle)")
        String handle) {}
