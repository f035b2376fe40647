package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** A message's attachment metadata as stored: a JSON array in {@code message.attachments}, null when empty. */
@ApplicationScoped
public class MessageAttachments {

    private static final Logger LOG = Logger.getLogger(MessageAttachments.class);
    private static final TypeReference<List<MessageAttachment>> LIST = new TypeReference<>() {};

    private final ObjectMapper mapper;

    public MessageAttachments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The message's attachments; none when it has none or its metadata cannot be read (logged). */
    public List<MessageAttachment> of(Message m) {
        return of(m.id, m.attachments);
    }

    /** The same from the message's {@code attachments} column, read without its entity. */
    public List<MessageAttachment> of(String messageId, String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        try {
            return mapper.readValue(column, LIST);
        } catch (JsonProcessingException e) {
            LOG.warnf("Message %s has unreadable attachment metadata", messageId);
            return List.of();
        }
    }

    /** The column value for {@code attachments}: null for none. */
    public String column(List<MessageAttachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
