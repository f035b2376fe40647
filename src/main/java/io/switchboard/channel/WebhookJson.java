package io.switchboard.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.switchboard.common.error.InvalidRequestException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A position in a provider's JSON webhook body, read only after its signature was verified over the raw bytes.
 * Problems name the JSON path ({@code entry[0].messaging[1].message.mid}) and become 400s.
 *
 * <p>Ids are read as their exact text: providers' 64-bit ids exceed what a double (or JavaScript) holds, so an
 * id sent as a JSON number is taken digit for digit, never through {@code long} or {@code double} arithmetic.
 */
public record WebhookJson(JsonNode node, String path) {

    /** What the inbox stores of a provider's id (message external ids, contact identities). */
    private static final int MAX_ID_LENGTH = 200;

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Parses a whole body, which must be one JSON object and nothing after it. */
    public static WebhookJson parse(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    // A fractional number is kept exact too, so that it can be refused as an id rather than rounded.
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The request body is not valid JSON", null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object", null);
        }
        return new WebhookJson(root, "");
    }

    public WebhookJson get(String name) {
        JsonNode child = node.isObject() ? node.get(name) : null;
        return new WebhookJson(child == null ? MissingNode.getInstance() : child, child(name));
    }

    public boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    /** The items of an array field; none when the field is absent. */
    public List<WebhookJson> items(String name) {
        WebhookJson field = get(name);
        if (!field.present()) {
            return List.of();
        }
        if (!field.node.isArray()) {
            throw field.invalid("must be an array");
        }
        List<WebhookJson> items = new ArrayList<>(field.node.size());
        for (int i = 0; i < field.node.size(); i++) {
            JsonNode item = field.node.get(i);
            if (!item.isObject()) {
                throw new WebhookJson(item, field.path + "[" + i + "]").invalid("must be an object");
            }
            items.add(new WebhookJson(item, field.path + "[" + i + "]"));
        }
        return items;
    }

    /** An object field; absent ({@link #present()} false) when missing. */
    public WebhookJson object(String name) {
        WebhookJson field = get(name);
        if (field.present() && !field.node.isObject()) {
            throw field.invalid("must be an object");
        }
        return field;
    }

    /** A string field; null when absent. */
    public String text(String name) {
        WebhookJson field = get(name);
        if (!field.present()) {
            return null;
        }
        if (!field.node.isTextual()) {
            throw field.invalid("must be a string");
        }
        return field.node.textValue();
    }

    /** An id given as a string or an integer, as its exact text; null when absent or empty. */
    public String id(String name) {
        WebhookJson field = get(name);
        if (!field.present()) {
            return null;
        }
        String id;
        if (field.node.isTextual()) {
            id = field.node.textValue().strip();
        } else if (field.node.isIntegralNumber()) {
            id = field.node.bigIntegerValue().toString();
        } else {
            throw field.invalid("must be an id (a string or an integer)");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw field.invalid("is longer than " + MAX_ID_LENGTH + " characters");
        }
        return id.isEmpty() ? null : id;
    }

    public String requiredId(String name) {
        String id = id(name);
        if (id == null) {
            throw get(name).invalid("is required");
        }
        return id;
    }

    /** An integer given as a number or as a string of digits (providers do both); null when absent. */
    public Long integer(String name) {
        WebhookJson field = get(name);
        if (!field.present()) {
            return null;
        }
        if (field.node.isIntegralNumber() && field.node.canConvertToLong()) {
            return field.node.longValue();
        }
        if (field.node.isTextual() && field.node.textValue().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(field.node.textValue());
        }
        throw field.invalid("must be an integer");
    }

    /**
     * A time given as seconds or milliseconds since the epoch ({@code unit}); null when absent. Times outside
     * what the inbox can store are refused rather than clamped.
     */
    public Instant epoch(String name, ChronoUnit unit) {
        Long value = integer(name);
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.EPOCH.plus(value, unit);
        } catch (ArithmeticException | DateTimeException e) {
            instant = LATEST.plusSeconds(1);
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
            throw get(name).invalid("is not a plausible time");
        }
        return instant;
    }

    public boolean flag(String name) {
        return get(name).node.asBoolean(false);
    }

    public InvalidRequestException invalid(String message) {
        String field = path.isEmpty() ? "body" : path;
        return InvalidRequestException.ofField(field, message);
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
