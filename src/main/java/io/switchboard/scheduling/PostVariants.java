package io.switchboard.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** A post's A/B variants as stored (a JSON array of texts, A first) and their names. */
public final class PostVariants {

    /** The fewest and most variants an experiment has. */
    public static final int MIN = 2;

    public static final int MAX = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

    private PostVariants() {}

    /** The name of the variant at {@code index}: A, B, C, D. */
    public static String name(int index) {
        return String.valueOf((char) ('A' + index));
    }

    static String write(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> read(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(stored, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable variants of a post: " + e.getMessage(), e);
        }
    }

    static List<PostView.VariantView> view(String stored) {
        List<String> texts = read(stored);
        return java.util.stream.IntStream.range(0, texts.size())
                .mapToObj(i -> new PostView.VariantView(name(i), texts.get(i)))
                .toList();
    }
}
