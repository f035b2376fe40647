package io.switchboard.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Validates a channel's settings against its kind and splits them into the public part and the secrets.
 * Settings are flat string values addressed by (possibly dotted) names.
 */
@ApplicationScoped
public class ChannelConfigCodec {

    private static final int MAX_VALUE_LENGTH = 2000;

    private final ObjectMapper mapper;

    public ChannelConfigCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Settings after validation: {@code values} holds every setting, public and secret, by dotted name. */
    public record Settings(Map<String, String> publicValues, Map<String, String> secretValues) {}

    /**
     * Merges {@code changes} (a JSON object; a null value removes an optional setting) onto {@code current}
     * and validates the result for {@code definition}.
     */
    public Settings merge(ChannelDefinition definition, Settings current, JsonNode changes) {
        Map<String, String> all = new TreeMap<>();
        all.putAll(current.publicValues());
        all.putAll(current.secretValues());
        List<Problem.FieldError> errors = new ArrayList<>();
        if (changes != null && !changes.isNull()) {
            if (!changes.isObject()) {
                throw InvalidRequestException.ofField("config", "must be an object");
            }
            Map<String, JsonNode> flat = new LinkedHashMap<>();
            flatten("", changes, flat);
            Set<String> known =
                    definition.configFields().stream().map(ConfigField::name).collect(Collectors.toSet());
            flat.forEach((name, value) -> {
                if (!known.contains(name)) {
                    errors.add(new Problem.FieldError("config." + name, "is not a setting of " + definition.kind()));
                } else if (value.isNull()) {
                    all.remove(name);
                } else if (!value.isValueNode() || value.asText().isBlank()) {
                    errors.add(new Problem.FieldError("config." + name, "must be a non-empty string"));
                } else if (value.asText().length() > MAX_VALUE_LENGTH) {
                    errors.add(new Problem.FieldError("config." + name, "is too long"));
                } else {
                    all.put(name, value.asText().strip());
                }
            });
        }
        Map<String, String> publicValues = new TreeMap<>();
        Map<String, String> secretValues = new TreeMap<>();
        for (ConfigField field : definition.configFields()) {
            String value = all.get(field.name());
            if (value == null) {
                if (field.required()) {
                    errors.add(new Problem.FieldError("config." + field.name(), "is required"));
                }
                continue;
            }
            if (field.format() != null && !field.format().matcher(value).matches()) {
                errors.add(new Problem.FieldError("config." + field.name(), "must be " + field.formatHint()));
                continue;
            }
            (field.secret() ? secretValues : publicValues).put(field.name(), value);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(
                    "The channel configuration is not valid for " + definition.kind(), errors);
        }
        return new Settings(publicValues, secretValues);
    }

    /** The public settings as the nested JSON object clients see. */
    public ObjectNode toJson(Map<String, String> values) {
        ObjectNode root = mapper.createObjectNode();
        values.forEach((name, value) -> {
            ObjectNode node = root;
            String[] parts = name.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
            }
            node.put(parts[parts.length - 1], value);
        });
        return root;
    }

    public String write(Map<String, String> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> values = new TreeMap<>();
            JsonNode node = mapper.readTree(json);
            node.fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored channel settings are not JSON", e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = prefix + field.getKey();
            if (field.getValue().isObject()) {
                flatten(name + ".", field.getValue(), out);
            } else {
                out.put(name, field.getValue());
            }
        }
    }
}
