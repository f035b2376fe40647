package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Valid request bodies built from the spec's schemas: the required properties, every property that refers to
 * another resource by id (filled from a tenant's fixtures), and the properties a valid request needs by meaning
 * (a future {@code scheduledAt}, a known {@code timeZone}), which a schema cannot say.
 */
final class SampleBodies {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Properties that carry an id of one of our resources, by the kind of resource; see {@link #idKind}. */
    private static final Map<String, String> ID_FIELDS = Map.of(
            "operatorId", TenantWorld.OPERATOR,
            "conversationId", TenantWorld.CONVERSATION,
            "postId", TenantWorld.POST,
            "sourceContactId", TenantWorld.OTHER_CONTACT,
            "teamId", TenantWorld.TEAM,
            "channelId", TenantWorld.CHANNEL,
            "members", TenantWorld.OPERATOR);

    /** Properties named like ids that are the client's or a provider's own, not references to our resources. */
    private static final Set<String> FOREIGN_KEYS = Set.of("externalId", "clientMessageId", "Message-Id");

    private final ApiSpec spec;
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, Supplier<JsonNode>> hints;

    SampleBodies(ApiSpec spec) {
        this.spec = spec;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.hints = Map.ofEntries(
                Map.entry("name", () -> JSON.textNode("Isolation " + counter.incrementAndGet())),
                Map.entry("text", () -> JSON.textNode("isolation check")),
                Map.entry("note", () -> JSON.textNode("isolation check")),
                Map.entry("type", () -> JSON.textNode("REPLY")),
                Map.entry("kind", () -> JSON.textNode("API")),
                Map.entry("channelKind", () -> JSON.textNode("PHONE")),
                Map.entry("availability", () -> JSON.textNode("AWAY")),
                Map.entry("autoAssignment", () -> JSON.textNode("OFF")),
                Map.entry("approvalRequired", () -> JSON.booleanNode(true)),
                Map.entry(
                        "startedAt",
                        () -> JSON.textNode(now.minus(Duration.ofHours(2)).toString())),
                Map.entry("durationSeconds", () -> JSON.numberNode(60)),
                Map.entry(
                        "scheduledAt",
                        () -> JSON.textNode(now.plus(Duration.ofDays(30)).toString())),
                Map.entry(
                        "sendAt",
                        () -> JSON.textNode(now.plus(Duration.ofDays(1)).toString())),
                Map.entry("timeZone", () -> JSON.textNode("Europe/Berlin")),
                Map.entry("label", () -> JSON.textNode("isolation")),
                Map.entry("capacity", () -> JSON.objectNode().put("CHAT", 3)),
                Map.entry(
                        "externalId",
                        () -> JSON.textNode("iso-" + System.nanoTime() + "-" + counter.incrementAndGet())),
                Map.entry("identifier", () -> JSON.textNode("visitor-1")));
    }

    /**
     * The kind of resource a property refers to by id, or null when it refers to none. A property named like an
     * id that this table does not know fails, so that a new reference cannot go unchecked.
     */
    static String idKind(String path, String name) {
        if (FOREIGN_KEYS.contains(name)) {
            return null;
        }
        if ("channelId".equals(name)) {
            // Posts go to pages and accounts, broadcasts through SMS or EMAIL channels.
            if (path.startsWith("targets")) {
                return TenantWorld.X_CHANNEL;
            }
            if (path.startsWith("audience")) {
                return TenantWorld.SMS_CHANNEL;
            }
        }
        String kind = ID_FIELDS.get(name);
        if (kind == null && (name.endsWith("Id") || name.endsWith("Ids"))) {
            throw new AssertionError("The body property " + path + " looks like a reference to a resource, but the"
                    + " isolation test does not know which: add it to SampleBodies.ID_FIELDS (or FOREIGN_KEYS)");
        }
        return kind;
    }

    /** Whether a valid body of this schema names other resources by id. */
    boolean carriesIds(JsonNode schema) {
        return carriesIds(spec.resolve(schema), "", new HashSet<>());
    }

    private boolean carriesIds(JsonNode schema, String path, Set<JsonNode> seen) {
        if (schema == null || !seen.add(schema)) {
            return false;
        }
        for (var it = schema.path("properties").fields(); it.hasNext(); ) {
            var property = it.next();
            String at = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            JsonNode resolved = spec.resolve(property.getValue());
            if (idKind(at, property.getKey()) != null) {
                return true;
            }
            JsonNode inner =
                    "array".equals(resolved.path("type").asText()) ? spec.resolve(resolved.path("items")) : resolved;
            if (carriesIds(inner, at + ("array".equals(resolved.path("type").asText()) ? "[]" : ""), seen)) {
                return true;
            }
        }
        return false;
    }

    /** A valid value of the schema; ids come from {@code ids} (kind → id). */
    JsonNode valid(JsonNode schema, Function<String, String> ids) {
        return value(spec.resolve(schema), "", null, ids, 0);
    }

    private JsonNode value(JsonNode schema, String path, String name, Function<String, String> ids, int depth) {
        if (depth > 8) {
            return JSON.nullNode();
        }
        if (name != null) {
            String kind = idKind(path, name);
            if (kind != null) {
                String id = ids.apply(kind);
                return "array".equals(schema.path("type").asText())
                        ? JSON.arrayNode().add(id)
                        : JSON.textNode(id);
            }
            Supplier<JsonNode> hint = hints.get(name);
            if (hint != null) {
                return hint.get();
            }
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("object");
        switch (type) {
            case "object" -> {
                ObjectNode object = JSON.objectNode();
                Set<String> required = new HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (var it = schema.path("properties").fields(); it.hasNext(); ) {
                    var property = it.next();
                    String key = property.getKey();
                    String at = path.isEmpty() ? key : path + "." + key;
                    JsonNode resolved = spec.resolve(property.getValue());
                    JsonNode inner = "array".equals(resolved.path("type").asText())
                            ? spec.resolve(resolved.path("items"))
                            : resolved;
                    boolean wanted = required.contains(key)
                            || hints.containsKey(key)
                            || idKind(at, key) != null
                            || carriesIds(inner, at + "[]", new HashSet<>());
                    if (wanted) {
                        object.set(key, value(resolved, at, key, ids, depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = JSON.arrayNode();
                JsonNode items = spec.resolve(schema.path("items"));
                int count = Math.max(schema.path("minItems").asInt(0), carriesIds(items) ? 1 : 0);
                for (int i = 0; i < count; i++) {
                    array.add(value(items, path + "[]", null, ids, depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                return JSON.numberNode(schema.path("minimum").asLong(1));
            }
            case "boolean" -> {
                return JSON.booleanNode(true);
            }
            default -> {
                if ("date-time".equals(schema.path("format").asText())) {
                    return JSON.textNode(Instant.now().plus(Duration.ofDays(1)).toString());
                }
                return JSON.textNode(sampleString(schema));
            }
        }
    }

    private static String sampleString(JsonNode schema) {
        String pattern = schema.path("pattern").asText(null);
        for (String candidate : List.of("x", "+4915112345678", "https://example.com/a.png", "a-1")) {
            if (pattern == null || Pattern.compile(pattern).matcher(candidate).find()) {
                return candidate;
            }
        }
        throw new AssertionError("No sample string matches the pattern " + pattern);
    }
}
