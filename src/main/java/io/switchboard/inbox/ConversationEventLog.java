package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Appends to conversations' history, in the caller's transaction and tenant. */
@ApplicationScoped
class ConversationEventLog {

    private final ObjectMapper mapper;

    ConversationEventLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode data() {
        return mapper.createObjectNode();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void append(String conversationId, String type, String actorOperatorId, ObjectNode data, Instant at) {
        ConversationEvent event = new ConversationEvent();
        event.id = Ids.newId();
        event.conversationId = conversationId;
        event.type = type;
        event.actorOperatorId = actorOperatorId;
        event.data = json(data);
        event.createdAt = at;
        event.persist();
    }

    /**
     * The data of a {@code STATUS_CHANGED} event, one shape whoever changed the status: {@code from}, {@code to},
     * {@code reason} ({@link ConversationStatusChanged.Reason}), and {@code snoozedUntil} when it enters or leaves
     * SNOOZED with a time.
     */
    ObjectNode statusChanged(
            ConversationStatus from,
            ConversationStatus to,
            ConversationStatusChanged.Reason reason,
            Instant snoozedUntil) {
        ObjectNode data = data().put("from", from.name()).put("to", to.name()).put("reason", reason.value());
        if (snoozedUntil != null) {
            data.put("snoozedUntil", snoozedUntil.toString());
        }
        return data;
    }

    String json(ObjectNode data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
