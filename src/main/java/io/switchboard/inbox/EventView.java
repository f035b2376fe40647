package io.switchboard.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of a conversation's history. */
public record EventView(
        String id,

        @Schema(
                description = "MESSAGE_RECEIVED, NOTE_ADDED, STATUS_CHANGED, SNOOZE_RESCHEDULED, PRIORITY_CHANGED,"
                        + " LABELS_CHANGED, CONTACT_MERGED, ASSIGNEE_CHANGED, …")
        String type,

        @Schema(description = "The operator who caused it; null for the system (inbound messages, snooze expiry)")
        String actorOperatorId,

        @Schema(description = "Details of the event, by type: for example {from, to} of a change")
        ObjectNode data,

        Instant createdAt) {}
