package io.switchboard.ops;

import static io.switchboard.ops.FuzzValues.draw;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every operation of {@code openapi/openapi.yaml}: bodies built from the schemas and then broken (wrong
 * types, missing and unknown properties, huge and odd strings, unicode, numbers out of range, bad enums, malformed
 * JSON), hostile path, query and header values (ids, limits, cursors, {@code If-Match}, {@code Idempotency-Key},
 * content types), webhooks signed over broken payloads so that their parsers are reached. Every answer must be
 * below 500, every 4xx an RFC 9457 problem, and a rejected request must leave the fuzzed tenant's tables as they
 * were.
 *
 * <p>Reproducible: {@code -Dfuzz.seed=} (default fixed) and {@code -Dfuzz.requests=} (default 10,000).
 */
@io.quarkus.test.junit.QuarkusTest
class SpecFuzzTest {

    private static final long DEFAULT_SEED = 20_261_126L;
    private static final int DEFAULT_REQUESTS = 10_000;

    /** The fuzzed tenant's tables that only requests write (no background job adds rows to them). */
    private static final List<String> TABLES = List.of(
            "channel",
            "contact",
            "contact_identity",
            "contact_label",
            "conversation",
            "conversation_label JOIN conversation ON conversation.id = conversation_label.conversation_id",
            "message",
            "team",
            "team_member",
            "post",
            "post_target",
            "work_session",
            "work_session_change",
            "operator",
            "operator_rate",
            "idempotency_key");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** For strings Jackson will not write as UTF-8 (unpaired surrogates): escaped instead. */
    private static final ObjectMapper ESCAPING = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    @TestHTTPResource("/")
    URL base;

    @Inject
    Sql sql;

    private RawHttp http;
    private SampleBodies bodies;
    private TenantWorld world;
    private Random random;

    @Test
    void everyOperationAnswersHostileInputWithAProblemAndStoresNothing() {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int requests = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
        ApiSpec spec = ApiSpec.load();
        http = new RawHttp(base);
        bodies = new SampleBodies(spec);
        world = TenantWorld.create("fuzz", http);
        random = new Random(seed);
        String fingerprintSql = "SELECT CONCAT_WS(','"
                + TABLES.stream()
                        // CAST: the text of a number taken from a subquery is binary on some MariaDB releases.
                        .map(t -> ", CAST((SELECT COUNT(*) FROM " + t + " WHERE "
                                + (t.contains(" JOIN ") ? "conversation." : "") + "tenant_id = ?) AS CHAR)")
                        .reduce("", String::concat)
                + ")";
        Object[] tenantParams = TABLES.stream().map(t -> world.tenant).toArray();
        Function<Void, String> fingerprint = v -> (String) sql.single(fingerprintSql, tenantParams);

        Map<String, Integer> statuses = new TreeMap<>();
        // By exact status too: 429s depend on how fast the requests go (rate limits), not only on the seed.
        Map<Integer, Integer> codes = new TreeMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int failed = 0;
        int codecRejections = 0;
        Instant started = Instant.now();
        List<ApiSpec.Operation> operations = spec.operations();
        System.out.println("Spec fuzzing: " + requests + " requests, seed " + seed);
        String before = fingerprint.apply(null);
        for (int i = 0; i < requests; i++) {
            ApiSpec.Operation op = operations.get(i % operations.size());
            RawHttp.Call call = op.authenticated() ? apiCall(op) : publicCall(op);
            RawHttp.Answer answer;
            try {
                answer = http.send(call);
            } catch (IllegalStateException noAnswer) {
                if (beyondCodecCeiling(call)) {
                    // The HTTP codec may close the connection on an over-long request head before its 414 is read.
                    codecRejections++;
                    statuses.merge("4xx", 1, Integer::sum);
                    continue;
                }
                failed++;
                statuses.merge("no answer", 1, Integer::sum);
                failures.putIfAbsent(
                        op + ": the connection closed without an answer",
                        "request #" + i + " " + call.describe() + "\n      -> " + noAnswer.getCause());
                before = fingerprint.apply(null);
                continue;
            }
            statuses.merge(answer.status() / 100 + "xx", 1, Integer::sum);
            codes.merge(answer.status(), 1, Integer::sum);
            String after = fingerprint.apply(null);
            String problem = null;
            if (answer.status() >= 500) {
                problem = "answered " + answer.status();
            } else if (rejectedByHttpCodec(answer) && beyondCodecCeiling(call)) {
                codecRejections++;
            } else if (answer.status() >= 400 && !answer.wellFormedProblem()) {
                problem = "a " + answer.status() + " that is not a problem document";
            } else if (answer.status() >= 400 && !after.equals(before)) {
                problem = "a rejected request changed the stored rows " + TABLES + " from " + before + " to " + after;
            }
            if (problem != null) {
                failed++;
                failures.putIfAbsent(
                        op + ": " + problem.replaceAll(" from .*", ""),
                        "request #" + i + " " + call.describe() + "\n      -> " + answer
                                + (problem.contains(" from ") ? "\n      " + problem : ""));
            }
            before = after;
        }
        Duration took = Duration.between(started, Instant.now());
        StringBuilder summary = new StringBuilder()
                .append("Spec fuzzing: ")
                .append(requests)
                .append(" requests over ")
                .append(operations.size())
                .append(" operations in ")
                .append(took.toSeconds())
                .append(" s (seed ")
                .append(seed)
                .append("), answers ")
                .append(statuses)
                .append(", by status ")
                .append(codes)
                .append(" (")
                .append(codecRejections)
                .append(" of them bare 414/431 from the HTTP codec, beyond its ceiling), ")
                .append(failed)
                .append(" failed");
        failures.forEach((kind, example) ->
                summary.append("\n  ").append(kind).append("\n      ").append(example));
        System.out.println(summary);
        assertTrue(failures.isEmpty(), summary.toString());
    }

    /**
     * A request line or headers beyond the HTTP codec's ceiling ({@code quarkus.http.limits}, 128 KiB each) are
     * refused by Vert.x's codec before any route runs, with an empty body: Quarkus offers no hook to answer them with
     * a problem document. Below the ceiling the service's own limits (4096, 16 KiB) answer with one. The headers the
     * HTTP client adds (host, user agent, length) are counted generously.
     */
    private static final int CODEC_CEILING = 128 * 1024;

    private static boolean beyondCodecCeiling(RawHttp.Call call) {
        long headers = 512;
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        return call.method().length() + call.target().length() + 10 > CODEC_CEILING || headers > CODEC_CEILING;
    }

    private static boolean rejectedByHttpCodec(RawHttp.Answer answer) {
        return (answer.status() == 414 || answer.status() == 431)
                && answer.body().isEmpty();
    }

    // --- Operator API ---------------------------------------------------------------------------------------------

    private RawHttp.Call apiCall(ApiSpec.Operation op) {
        String target = op.path();
        for (String parameter : op.pathParameters()) {
            String value =
                    chance(80) ? world.id(TenantWorld.pathParameterKind(op, parameter)) : draw(FuzzValues.IDS, random);
            target = target.replace("{" + parameter + "}", encode(value));
        }
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : op.parameters("query")) {
            if (chance(50)) {
                String name = parameter.get("name").asText();
                query.append(query.isEmpty() ? '?' : '&')
                        .append(encode(name))
                        .append('=')
                        .append(encode(queryValue(name, op.spec().resolve(parameter.path("schema")))));
            }
        }
        RawHttp.Call call = RawHttp.Call.of(op.method(), target + query);
        int who = random.nextInt(20);
        call.bearer(who < 14 ? world.admin : who < 18 ? world.agent : who < 19 ? null : "not.a.token");
        for (JsonNode header : op.parameters("header")) {
            if (chance(50)) {
                String name = header.get("name").asText();
                call.header(
                        name,
                        name.equals("Idempotency-Key") && chance(50)
                                ? "fuzz-" + random.nextInt(50)
                                : draw(FuzzValues.HEADER_VALUES, random));
            }
        }
        if (chance(10)) {
            call.header("Accept", draw(FuzzValues.ACCEPTS, random));
        }
        JsonNode schema = op.requestBody()
                .filter(b -> b.getKey().equals("application/json"))
                .map(Map.Entry::getValue)
                .orElse(null);
        if (schema != null) {
            byte[] body = jsonBody(bodies.valid(schema, world::id));
            return call.withBody(chance(90) ? "application/json" : draw(FuzzValues.CONTENT_TYPES, random), body);
        }
        if (!op.method().equals("GET") && chance(10)) {
            return call.withBody(draw(FuzzValues.CONTENT_TYPES, random), draw(FuzzValues.MALFORMED_JSON, random));
        }
        return call;
    }

    private String queryValue(String name, JsonNode schema) {
        return switch (name) {
            case "limit" -> draw(FuzzValues.LIMITS, random);
            case "cursor" -> draw(FuzzValues.CURSORS, random);
            case "channel", "team", "assignee", "operator", "conversation" ->
                chance(30) ? world.id(idFilterKind(name)) : draw(FuzzValues.IDS, random);
            default -> {
                JsonNode values = schema.has("enum")
                        ? schema.get("enum")
                        : schema.path("items").path("enum");
                if (values.isArray() && !values.isEmpty() && chance(40)) {
                    yield values.get(random.nextInt(values.size())).asText();
                }
                yield draw(FuzzValues.ODD_STRINGS, random);
            }
        };
    }

    private static String idFilterKind(String name) {
        return switch (name) {
            case "channel" -> TenantWorld.CHANNEL;
            case "team" -> TenantWorld.TEAM;
            case "conversation" -> TenantWorld.CONVERSATION;
            default -> TenantWorld.OPERATOR;
        };
    }

    /** A valid body, then broken in one of many ways (or, now and then, left valid). */
    private byte[] jsonBody(JsonNode valid) {
        int how = random.nextInt(100);
        if (how < 10) {
            return draw(FuzzValues.MALFORMED_JSON, random).getBytes(StandardCharsets.UTF_8);
        }
        if (how < 15) {
            return write(draw(FuzzValues.ANY_JSON, random));
        }
        if (how < 20) {
            byte[] bytes = write(valid);
            return java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
        }
        JsonNode body = valid.deepCopy();
        int mutations = how < 30 ? 0 : how < 90 ? 1 : 2 + random.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            body = mutate(body);
        }
        return write(body);
    }

    private JsonNode mutate(JsonNode body) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(body, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int how = random.nextInt(6);
            if (names.isEmpty() || how == 0) {
                object.set(draw(FuzzValues.ODD_STRINGS, random), draw(FuzzValues.ANY_JSON, random));
                return body;
            }
            String name = names.get(random.nextInt(names.size()));
            JsonNode current = object.get(name);
            switch (how) {
                case 1 -> object.remove(name);
                case 2 -> object.set(name, draw(FuzzValues.ANY_JSON, random));
                case 3 -> object.put(name, draw(FuzzValues.ODD_STRINGS, random));
                case 4 -> object.set(name, draw(FuzzValues.ODD_NUMBERS, random));
                default ->
                    object.put(
                            name,
                            current != null && current.isTextual()
                                    ? current.asText().toLowerCase() + "_NOT_A_VALUE"
                                    : "NOT_A_VALUE");
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || chance(50)) {
                array.add(draw(FuzzValues.ANY_JSON, random));
            } else {
                array.set(random.nextInt(array.size()), draw(FuzzValues.ANY_JSON, random));
            }
            if (chance(5)) {
                for (int i = 0; i < 2000; i++) {
                    array.add("x" + i);
                }
            }
        }
        return body;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> found) {
        if (node.isContainerNode()) {
            found.add(node);
            node.forEach(child -> collectContainers(child, found));
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            try {
                return ESCAPING.writeValueAsBytes(node);
            } catch (IOException again) {
                throw new IllegalStateException(again);
            }
        }
    }

    // --- Webhooks and the chat widget -------------------------------------------------------------------------

    private RawHttp.Call publicCall(ApiSpec.Operation op) {
        TenantWorld.Channel channel = world.channels.get(PublicEndpoints.channelKind(op));
        String key = chance(90) ? channel.key() : draw(FuzzValues.IDS, random);
        RawHttp.Call genuine = PublicEndpoints.request(op, encode(key), channel, null);
        int how = random.nextInt(100);
        if (how < 15) {
            return genuine;
        }
        if (op.method().equals("GET")) {
            return withOddQuery(genuine);
        }
        RawHttp.Call call;
        boolean form = genuine.headers().get("Content-Type").startsWith("application/x-www-form-urlencoded");
        if (form) {
            call = PublicEndpoints.request(op, encode(key), channel, mutateForm(genuine.body()));
        } else {
            JsonNode payload = parse(genuine.body());
            JsonNode mutated = mutate(payload.deepCopy());
            if (mutated instanceof ObjectNode object
                    && object.path("identifier").isTextual()
                    && chance(70)) {
                // The chat widget's identity is inside the body: sign it again so that validation is reached.
                object.put(
                        "identifierHash",
                        ProviderSignatures.chatIdentity(
                                channel.config().get("identitySecret"),
                                object.get("identifier").asText()));
            }
            byte[] bytes = chance(15)
                    ? draw(FuzzValues.MALFORMED_JSON, random).getBytes(StandardCharsets.UTF_8)
                    : write(mutated);
            call = PublicEndpoints.request(op, encode(key), channel, bytes);
        }
        if (how < 30) {
            // Unsigned, or a signature that is not one.
            call.headers().keySet().removeIf(h -> h.toLowerCase().contains("signature"));
            if (chance(50)) {
                call.header("X-Hub-Signature-256", draw(FuzzValues.HEADER_VALUES, random));
            }
        }
        if (chance(5)) {
            call.header("Content-Type", draw(FuzzValues.CONTENT_TYPES, random));
        }
        return call;
    }

    private RawHttp.Call withOddQuery(RawHttp.Call genuine) {
        String target = genuine.target();
        int at = target.indexOf('?');
        if (at < 0) {
            return genuine;
        }
        StringBuilder query = new StringBuilder();
        for (String pair : target.substring(at + 1).split("&")) {
            String name = pair.substring(0, pair.indexOf('='));
            String value =
                    chance(50) ? pair.substring(pair.indexOf('=') + 1) : encode(draw(FuzzValues.ODD_STRINGS, random));
            if (chance(90)) {
                query.append(query.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(value);
            }
        }
        RawHttp.Call call = RawHttp.Call.of("GET", target.substring(0, at) + "?" + query);
        genuine.headers()
                .forEach((name, value) ->
                        call.header(name, chance(80) ? value : draw(FuzzValues.HEADER_VALUES, random)));
        return call;
    }

    private byte[] mutateForm(byte[] genuine) {
        List<Map.Entry<String, String>> fields =
                new ArrayList<>(ProviderSignatures.parseForm(new String(genuine, StandardCharsets.UTF_8)));
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && !fields.isEmpty(); i++) {
            int at = random.nextInt(fields.size());
            switch (random.nextInt(4)) {
                case 0 -> fields.remove(at);
                case 1 ->
                    fields.add(Map.entry(draw(FuzzValues.ODD_STRINGS, random), draw(FuzzValues.ODD_STRINGS, random)));
                case 2 -> fields.add(fields.get(at));
                default -> fields.set(at, Map.entry(fields.get(at).getKey(), draw(FuzzValues.ODD_STRINGS, random)));
            }
        }
        if (chance(10)) {
            // Numbered media fields beyond what NumMedia says, or far more than any message has.
            fields.add(Map.entry("NumMedia", draw(FuzzValues.NUM_MEDIA, random)));
            fields.add(Map.entry("MediaUrl2", "https://example.com/m.png"));
        }
        return ProviderSignatures.form(fields).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
