package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.security.Roles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checked-in {@code openapi/openapi.yaml} (kept equal to the served spec by {@link OpenApiSpecTest}) read as
 * a list of operations, for tests that must cover every endpoint without anyone listing them by hand.
 */
final class ApiSpec {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static final Path FILE = Path.of("openapi", "openapi.yaml");

    private final JsonNode root;
    private final List<Operation> operations = new ArrayList<>();

    private ApiSpec(JsonNode root) {
        this.root = root;
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue(), this));
                }
            }
        }
    }

    static ApiSpec load() {
        try {
            return new ApiSpec(new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Operation> operations() {
        return operations;
    }

    /** Follows {@code $ref} (also several in a row) to the schema it names. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current != null && current.has("$ref"); i++) {
            String ref = current.get("$ref").asText();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            JsonNode target = root.path("components").path("schemas").path(name);
            if (target.isMissingNode()) {
                throw new IllegalStateException("Unresolvable " + ref);
            }
            current = target;
        }
        return current;
    }

    /** One operation of the spec. */
    record Operation(String method, String path, JsonNode node, ApiSpec spec) {

        /** Under {@code /api/}: bearer token required. */
        boolean authenticated() {
            return path.startsWith("/api/");
        }

        /** The parameters of the operation declared {@code in} path, query or header. */
        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode p : node.path("parameters")) {
                if (in.equals(p.path("in").asText())) {
                    found.add(p);
                }
            }
            return found;
        }

        List<String> pathParameters() {
            return parameters("path").stream().map(p -> p.get("name").asText()).toList();
        }

        /**
         * The weakest role that may call it, from the operation's security requirement (Quarkus writes the roles of
         * the resource method's {@code @RolesAllowed} there); empty for any authenticated caller.
         */
        Optional<String> requiredRole() {
            JsonNode security = node.path("security");
            if (!security.isArray() || security.isEmpty()) {
                throw new AssertionError(this + " declares no security requirement although it is under /api/");
            }
            List<String> roles = new ArrayList<>();
            security.forEach(requirement ->
                    requirement.fields().forEachRemaining(e -> e.getValue().forEach(r -> roles.add(r.asText()))));
            for (String role : roles) {
                if (!Roles.HIERARCHY.contains(role)) {
                    throw new AssertionError(this + " requires the unknown role " + role);
                }
            }
            // The weakest of the listed roles admits the caller.
            return Roles.HIERARCHY.reversed().stream().filter(roles::contains).findFirst();
        }

        /** The media type and schema of the request body, if the operation takes one. */
        Optional<Map.Entry<String, JsonNode>> requestBody() {
            JsonNode content = node.path("requestBody").path("content");
            if (!content.isObject() || content.isEmpty()) {
                return Optional.empty();
            }
            Map.Entry<String, JsonNode> first = content.fields().next();
            return Optional.of(
                    Map.entry(first.getKey(), spec.resolve(first.getValue().path("schema"))));
        }

        boolean bodyRequired() {
            return node.path("requestBody").path("required").asBoolean(false);
        }

        /** Answers with a server-sent event stream (never ends by itself). */
        boolean eventStream() {
            return node.path("responses").path("200").path("content").has("text/event-stream");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
