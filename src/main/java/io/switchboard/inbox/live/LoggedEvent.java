package io.switchboard.inbox.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One entry of the conversation event log, as the live streams read it. */
public record LoggedEvent(String id, String tenantId, String conversationId, String type, JsonNode data, Instant at) {}
