package io.switchboard.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.outbound.OutboundReply;
import java.util.List;

/** A post's media as stored (a JSON array of {url, contentType, name}) and as the API and publishers see them. */
final class PostMedia {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<PostRequest.Medium>> LIST = new TypeReference<>() {};

    private PostMedia() {}

    static String write(List<PostRequest.Medium> media) {
        if (media == null || media.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(media);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<PostRequest.Medium> view(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(stored, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable media of a post: " + e.getMessage(), e);
        }
    }

    static List<OutboundReply.Attachment> read(String stored) {
        return view(stored).stream()
                .map(m -> new OutboundReply.Attachment(m.url(), m.contentType(), m.name()))
                .toList();
    }
}
