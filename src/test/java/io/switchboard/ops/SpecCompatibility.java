package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changes from one spec to a later one that break a client generated from the earlier one (docs/api.md,
 * "Versioning"): an operation or its id gone, a schema gone, a field gone or retyped (its types, format, reference,
 * items or enum values changed), a field newly required in a request, an enum value gone.
 */
final class SpecCompatibility {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private SpecCompatibility() {}

    static List<String> breakingChanges(JsonNode before, JsonNode after) {
        List<String> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = before.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode later = after.path("paths").path(path.getKey()).path(op.getKey());
                if (later.isMissingNode()) {
                    found.add(name + " was removed");
                } else if (!op.getValue().path("operationId").equals(later.path("operationId"))) {
                    found.add(name + " changed its operationId from "
                            + op.getValue().path("operationId") + " to " + later.path("operationId"));
                }
            }
        }
        JsonNode laterSchemas = after.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> schemas =
                        before.path("components").path("schemas").fields();
                schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            JsonNode later = laterSchemas.path(schema.getKey());
            if (later.isMissingNode()) {
                found.add("schema " + schema.getKey() + " was removed");
                continue;
            }
            compareSchema(schema.getKey(), schema.getValue(), later, found);
        }
        return found;
    }

    private static void compareSchema(String name, JsonNode before, JsonNode after, List<String> found) {
        if (!signature(before).equals(signature(after))) {
            found.add(name + " was retyped from " + signature(before) + " to " + signature(after));
        }
        Set<String> enumBefore = values(before.path("enum"));
        Set<String> enumAfter = values(after.path("enum"));
        for (String value : enumBefore) {
            if (!enumAfter.contains(value)) {
                found.add(name + " lost the enum value " + value);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties =
                        before.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode later = after.path("properties").path(property.getKey());
            String field = name + "." + property.getKey();
            if (later.isMissingNode()) {
                found.add(field + " was removed");
            } else if (!signature(property.getValue()).equals(signature(later))) {
                found.add(field + " was retyped from " + signature(property.getValue()) + " to " + signature(later));
            }
        }
        Set<String> requiredBefore = values(before.path("required"));
        for (String required : values(after.path("required"))) {
            if (!requiredBefore.contains(required) && before.path("properties").has(required)) {
                found.add(name + "." + required + " became required");
            }
        }
    }

    /** What a generated client's type for the schema is made of: types, format, reference, items, alternatives. */
    static String signature(JsonNode schema) {
        StringBuilder s = new StringBuilder();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            s.append(type.asText());
        } else if (type.isArray()) {
            s.append(values(type));
        }
        if (schema.has("format")) {
            s.append(" format ").append(schema.get("format").asText());
        }
        if (schema.has("$ref")) {
            s.append(" ").append(schema.get("$ref").asText());
        }
        if (schema.has("items")) {
            s.append(" of (").append(signature(schema.get("items"))).append(")");
        }
        if (schema.path("additionalProperties").isObject()) {
            s.append(" to (")
                    .append(signature(schema.get("additionalProperties")))
                    .append(")");
        }
        for (String composition : List.of("anyOf", "oneOf", "allOf")) {
            if (schema.has(composition)) {
                Set<String> parts = new TreeSet<>();
                schema.get(composition).forEach(part -> parts.add(signature(part)));
                s.append(" ").append(composition).append(parts);
            }
        }
        return s.toString().strip();
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
