package io.switchboard.testing.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checked-in {@code openapi/openapi.yaml} as a contract that an exchange (request and answer) either keeps or
 * breaks. The schemas are checked as JSON Schema 2020-12 (what OpenAPI 3.1 uses), so {@code type: [string,
 * "null"]}, {@code anyOf} and {@code additionalProperties} mean exactly what a generated client reads in them.
 *
 * <p>What breaks it:
 *
 * <ul>
 *   <li>an answer whose status the operation does not list (only transport-level refusals that any route may give,
 *       405, 406, 414 and 431, are left to {@code default});
 *   <li>a JSON answer that does not match the schema listed for its status and media type, or a body under a
 *       status that lists no content, or a media type that the status does not list;
 *   <li>a request that the service accepted (2xx) although its JSON body or a query parameter breaks the spec: the
 *       spec would stop a client from sending what the service takes.
 * </ul>
 *
 * Paths outside the API ({@code /q/...}, the console) and CORS preflights are not part of the contract.
 */
public final class ApiContract {

    public static final Path FILE = Path.of("openapi", "openapi.yaml");
    private static final List<String> CONTRACT_PREFIXES = List.of("/api/", "/public/", "/webhooks/");
    private static final Set<Integer> TRANSPORT_REFUSALS = Set.of(405, 406, 414, 431);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Formats are assertions, as validating proxies and generated clients read them: JSON Schema 2020-12 makes
     * {@code format} an annotation only unless asked, and then {@code "yesterday"} passed for a {@code date-time}.
     */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.LEGACY)
            .formatAssertionsEnabled(true)
            .build();

    private static volatile ApiContract instance;

    private final JsonNode root;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<JsonNode, JsonSchema> compiled = new IdentityHashMap<>();

    private ApiContract(JsonNode root) {
        this.root = root;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            paths.add(new PathTemplate(path.getKey(), path.getValue()));
        }
        // The most literal path first: /operators/me/availability before /operators/{id}/...
        paths.sort(Comparator.comparingInt(PathTemplate::parameters).thenComparing(PathTemplate::template));
    }

    /** The contract of the checked-in spec, read once. */
    public static ApiContract load() {
        ApiContract contract = instance;
        if (contract == null) {
            synchronized (ApiContract.class) {
                if (instance == null) {
                    try {
                        instance = new ApiContract(new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                contract = instance;
            }
        }
        return contract;
    }

    /** One exchange with the service, as sent and answered. */
    public record Exchange(
            String method,
            String target,
            String requestContentType,
            byte[] requestBody,
            int status,
            String responseContentType,
            byte[] responseBody,
            Map<String, List<String>> responseHeaders) {

        /** An exchange whose answer's headers (other than its content type) are not checked. */
        public Exchange(
                String method,
                String target,
                String requestContentType,
                byte[] requestBody,
                int status,
                String responseContentType,
                byte[] responseBody) {
            this(method, target, requestContentType, requestBody, status, responseContentType, responseBody, Map.of());
        }

        /** The values of the answer's header {@code name}, whatever its case. */
        List<String> responseHeader(String name) {
            return responseHeaders.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
        }

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String query() {
            int query = target.indexOf('?');
            return query < 0 ? "" : target.substring(query + 1);
        }

        @Override
        public String toString() {
            return method + " " + target + " -> " + status;
        }
    }

    /**
     * Resources that exist only in the test suite (hidden from the spec, e.g. {@code limits/ReadProbeResource}, which
     * holds reads open to fill the read bulkhead): not part of the API, so not checked against it.
     */
    static final String TEST_ONLY_PREFIX = "/api/v1/test-";

    public static boolean covers(String path) {
        return !path.startsWith(TEST_ONLY_PREFIX) && CONTRACT_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** What in the exchange breaks the contract; empty when it keeps it. */
    public List<String> mismatches(Exchange exchange) {
        List<String> found = new ArrayList<>();
        String path = exchange.path();
        // CORS preflights (OPTIONS) are the browser's and the CORS filter's business, not the API's.
        if (!covers(path) || exchange.method().equalsIgnoreCase("OPTIONS")) {
            return found;
        }
        Optional<PathTemplate> template =
                paths.stream().filter(p -> p.matches(path)).findFirst();
        JsonNode operation = template.map(t -> t.item().path(exchange.method().toLowerCase(Locale.ROOT)))
                .filter(JsonNode::isObject)
                .orElse(null);
        String name =
                exchange.method() + " " + template.map(PathTemplate::template).orElse(path);
        if (operation == null) {
            // Not an operation of the API: it must be refused, with a problem document.
            if (exchange.status() < 400) {
                found.add(name + " is not in the spec but answered " + exchange.status());
            } else {
                checkProblem(name, exchange, found);
            }
            return found;
        }
        if (exchange.status() / 100 == 2) {
            checkRequest(name, operation, exchange, found);
        }
        JsonNode response = operation.path("responses").path(Integer.toString(exchange.status()));
        if (response.isMissingNode()) {
            if (TRANSPORT_REFUSALS.contains(exchange.status())
                    && operation.path("responses").has("default")) {
                response = operation.path("responses").path("default");
            } else {
                found.add(name + " answered " + exchange.status() + ", which the operation does not list");
                return found;
            }
        }
        checkBody(name + " " + exchange.status(), resolve(response), exchange, found);
        checkHeaders(name + " " + exchange.status(), resolve(response), exchange, found);
        return found;
    }

    /** An error answer that must be a problem document, whatever operation it came from. */
    public List<String> problemMismatches(String name, int status, String contentType, byte[] body) {
        List<String> found = new ArrayList<>();
        checkProblem(name, new Exchange("GET", "/", null, null, status, contentType, body), found);
        return found;
    }

    private void checkProblem(String name, Exchange exchange, List<String> found) {
        if (!"application/problem+json".equals(mediaType(exchange.responseContentType()))) {
            found.add(name + " " + exchange.status() + " is not application/problem+json but "
                    + exchange.responseContentType());
            return;
        }
        validate(name + " " + exchange.status(), problemSchema(), exchange.responseBody(), found);
    }

    private JsonNode problemSchema() {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/Problem");
    }

    private void checkRequest(String name, JsonNode operation, Exchange exchange, List<String> found) {
        List<String> requestProblems = new ArrayList<>();
        JsonNode content = resolve(operation.path("requestBody")).path("content");
        String type = mediaType(exchange.requestContentType());
        if (exchange.requestBody() != null && exchange.requestBody().length > 0 && isJson(type)) {
            JsonNode media = content.path(type);
            if (media.isMissingNode()) {
                requestProblems.add("its request body is " + type + ", which the operation does not take");
            } else if (media.has("schema")) {
                validate("its request body", media.get("schema"), exchange.requestBody(), requestProblems);
            }
        }
        for (JsonNode parameter : operation.path("parameters")) {
            parameter = resolve(parameter);
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            List<String> given =
                    queryValues(exchange.query(), parameter.path("name").asText());
            if (!given.isEmpty() && parameter.has("schema")) {
                JsonNode schema = resolve(parameter.get("schema"));
                JsonNode value;
                if (schema.path("type").asText().equals("array")) {
                    // Repeated (explode): status=OPEN&status=PENDING.
                    var array = JSON.createArrayNode();
                    given.forEach(v -> array.add(asJson(v, resolve(schema.path("items")))));
                    value = array;
                } else {
                    value = asJson(given.getFirst(), schema);
                }
                validate(
                        "its query parameter " + parameter.path("name").asText(),
                        parameter.get("schema"),
                        value,
                        requestProblems);
            }
        }
        requestProblems.forEach(p -> found.add(name + " accepted a request the spec refuses: " + p));
    }

    private void checkBody(String name, JsonNode response, Exchange exchange, List<String> found) {
        byte[] body = exchange.responseBody();
        JsonNode content = response.path("content");
        boolean empty = body == null || body.length == 0;
        if (empty) {
            return;
        }
        if (!content.isObject() || content.isEmpty()) {
            found.add(name + " has a body (" + exchange.responseContentType() + ") but the spec lists none");
            return;
        }
        String type = mediaType(exchange.responseContentType());
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            media = content.path("*/*");
        }
        if (media.isMissingNode()) {
            found.add(name + " answered " + type + ", the spec lists " + fieldNames(content));
            return;
        }
        if (isJson(type) && media.has("schema")) {
            validate(name, media.get("schema"), body, found);
        }
    }

    /** The answer's headers that the spec declares with a schema (Retry-After an integer, ETag a string). */
    private void checkHeaders(String name, JsonNode response, Exchange exchange, List<String> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode declared = resolve(header.getValue());
            if (!declared.has("schema")) {
                continue;
            }
            JsonNode schema = resolve(declared.get("schema"));
            for (String value : exchange.responseHeader(header.getKey())) {
                validate(name + " its header " + header.getKey(), declared.get("schema"), asJson(value, schema), found);
            }
        }
    }

    private void validate(String name, JsonNode schema, byte[] body, List<String> found) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (IOException e) {
            found.add(name + ": the body is not JSON: " + e.getMessage());
            return;
        }
        validate(name, schema, document, found);
    }

    private void validate(String name, JsonNode schema, JsonNode document, List<String> found) {
        for (ValidationMessage message : compile(schema).validate(document)) {
            found.add(name + ": " + message.getMessage());
        }
    }

    private synchronized JsonSchema compile(JsonNode schema) {
        return compiled.computeIfAbsent(schema, s -> {
            // The schema with the spec's components beside it, so that its $refs resolve in the same document.
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.set("components", root.path("components"));
            wrapper.putArray("allOf").add(s);
            return factory.getSchema(wrapper, CONFIG);
        });
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            current = root.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    /** A query value as the JSON its schema describes: a number for an integer parameter, else a string. */
    private static JsonNode asJson(String value, JsonNode schema) {
        String type = schema.path("type").isArray()
                ? schema.path("type").path(0).asText()
                : schema.path("type").asText();
        if (type.equals("integer") || type.equals("number")) {
            try {
                return JSON.readTree(value).isNumber()
                        ? JSON.readTree(value)
                        : JSON.getNodeFactory().textNode(value);
            } catch (IOException e) {
                return JSON.getNodeFactory().textNode(value);
            }
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return JSON.getNodeFactory().textNode(value);
    }

    private static List<String> queryValues(String query, String name) {
        List<String> values = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record PathTemplate(String template, JsonNode item, Pattern pattern, int parameters) {

        PathTemplate(String template, JsonNode item) {
            this(
                    template,
                    item,
                    Pattern.compile(Pattern.quote(template).replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q")),
                    (int) template.chars().filter(c -> c == '{').count());
        }

        boolean matches(String path) {
            return pattern.matcher(path).matches();
        }
    }
}
