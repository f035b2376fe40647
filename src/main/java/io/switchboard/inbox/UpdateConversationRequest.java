package io.switchboard.inbox;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every field is optional: what is absent (or null) stays as it is. */
public record UpdateConversationRequest(
        ConversationStatus status,
        Priority priority,

        @Schema(
                description = "Replaces all labels ([] removes them). Each is trimmed, lower-cased and white space"
                        + " collapsed; 1-64 characters, no commas; at most 20; duplicates are merged")
        List<String> labels,

        @Schema(
                description = "Required, in the future, when snoozing; may also move the wake-up time of a snoozed"
                        + " conversation. Any other status clears it")
        Instant snoozedUntil) {}
