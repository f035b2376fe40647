package io.switchboard.inbox.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of the conversation event log, as the live streams read it; {@code seq} is its position in the shared
 * log (increasing in the order the events were written, across tenants and replicas).
 */
public record LoggedEvent(
        long seq, String id, String tenantId, String conversationId, String type, JsonNode data, Instant at) {}
