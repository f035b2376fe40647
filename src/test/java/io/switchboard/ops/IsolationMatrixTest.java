package io.switchboard.ops;

import static io.switchboard.ops.TenantWorld.CHANNEL;
import static io.switchboard.ops.TenantWorld.CONVERSATION;
import static io.switchboard.ops.TenantWorld.OPERATOR;
import static io.switchboard.ops.TenantWorld.TEAM;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.security.Roles;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of {@code openapi/openapi.yaml}, so that a new endpoint is covered the day it is added:
 *
 * <ul>
 *   <li>every {@code /api/} operation answers 401 without a token and 403 without a tenant, 403 to every role
 *       below the one it requires (the spec's security requirement, which Quarkus writes from the method's
 *       {@code @RolesAllowed}) and neither to that role itself;
 *   <li>tenant B (admin) gets 404, never data, with tenant A's ids in any path parameter, and 4xx with A's ids in
 *       any body property that refers to a resource (the same request with B's own ids succeeds, so the refusal is
 *       due to the id); B's reads never show any of A's ids, keys or texts, also when B filters by A's ids;
 *   <li>every public operation (webhooks, chat widget) refuses A's channel key signed with B's secrets and stores
 *       nothing for A, answers 404 for an unknown key, and accepts B's key signed with B's secrets.
 * </ul>
 *
 * A path parameter, body reference or public endpoint the test does not know fails it.
 */
@QuarkusTest
class IsolationMatrixTest {

    /** A user holding none of the service's roles. */
    private static final String NO_ROLE = "offline_access";

    /** Values of required query parameters: a report range and measure, a broadcast audience's label. */
    private static final Map<String, String> REQUIRED_QUERY_VALUES =
            Map.of("from", "2026-01-01", "to", "2026-02-01", "measure", "HANDLED", "label", "vip");

    /** Required query parameters that name one of the tenant's objects: the fixture kind they take. */
    private static final Map<String, String> REQUIRED_QUERY_IDS =
            Map.of("channelId", TenantWorld.SMS_CHANNEL, "channel", TenantWorld.X_CHANNEL);

    /** Query parameters that filter by another resource's id. */
    private static final Map<String, String> ID_FILTERS = Map.of(
            "channel", CHANNEL,
            "team", TEAM,
            "assignee", OPERATOR,
            "operator", OPERATOR,
            "conversation", CONVERSATION);

    private static final Map<String, String> USERS =
            Map.of(Roles.AGENT, "alice", Roles.MANAGER, "mona", Roles.ADMIN, "carol", NO_ROLE, "nobody");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Sql sql;

    private ApiSpec spec;
    private RawHttp http;
    private SampleBodies bodies;
    private TenantWorld a;
    private TenantWorld b;
    private TenantWorld c;
    private Set<String> aSecrets;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> checks = new TreeMap<>();

    @Test
    void everyOperationOfTheSpecKeepsTenantsApart() {
        Instant started = Instant.now();
        spec = ApiSpec.load();
        http = new RawHttp(base);
        bodies = new SampleBodies(spec);
        a = TenantWorld.create("iso-a", http);
        b = TenantWorld.create("iso-b", http);
        c = TenantWorld.create("iso-c", http);
        aSecrets = a.secrets(spec, op -> target(op, ownIds(op, a)));

        int authenticated = 0;
        int open = 0;
        List<ApiSpec.Operation> withBodyIds = new ArrayList<>();
        for (ApiSpec.Operation op : spec.operations()) {
            if (op.authenticated()) {
                authenticated++;
                unauthenticated(op);
                withoutTenant(op);
                belowRequiredRole(op);
                atRequiredRole(op);
                if (!op.pathParameters().isEmpty()) {
                    foreignPathIds(op);
                }
                if (op.method().equals("GET") && !op.eventStream()) {
                    ownDataOnly(op);
                    foreignFilterIds(op);
                }
                if (jsonBody(op) != null && bodies.carriesIds(jsonBody(op))) {
                    withBodyIds.add(op);
                }
            } else {
                open++;
                publicEndpoint(op);
            }
        }
        // Last: their control requests change B's data (a merge, an assignment).
        withBodyIds.forEach(this::foreignBodyIds);

        int total = checks.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder summary = new StringBuilder()
                .append("Isolation matrix: ")
                .append(spec.operations().size())
                .append(" operations (")
                .append(authenticated)
                .append(" under /api, ")
                .append(open)
                .append(" public), ")
                .append(total)
                .append(" checks (answers searched for ")
                .append(aSecrets.size())
                .append(" ids, keys and texts of the other tenant) in ")
                .append(Duration.between(started, Instant.now()).toSeconds())
                .append(" s, ")
                .append(failures.size())
                .append(" failed");
        checks.forEach((name, count) ->
                summary.append("\n  ").append(count).append(" × ").append(name));
        System.out.println(summary);
        assertTrue(failures.isEmpty(), failures.size() + " isolation failures:\n" + String.join("\n", failures));
    }

    // --- The checks -------------------------------------------------------------------------------------------

    private void unauthenticated(ApiSpec.Operation op) {
        RawHttp.Call call = call(op, target(op, ownIds(op, a)), null, a::id);
        expectProblem("401 without a token", op, call, 401);
    }

    private void withoutTenant(ApiSpec.Operation op) {
        String token = TestTokens.token(null, "nobody", Roles.ADMIN);
        expectProblem("403 with a token without a tenant", op, call(op, target(op, ownIds(op, a)), token, a::id), 403);
    }

    private void belowRequiredRole(ApiSpec.Operation op) {
        String required = op.requiredRole().orElse(null);
        List<String> below = new ArrayList<>();
        below.add(NO_ROLE);
        if (required != null) {
            List<String> weakestFirst = Roles.HIERARCHY.reversed();
            below.addAll(weakestFirst.subList(0, weakestFirst.indexOf(required)));
        }
        for (String role : below) {
            if (required == null && role.equals(NO_ROLE)) {
                continue;
            }
            String token = a.token(USERS.get(role), role);
            expectProblem(
                    "403 for a role below the required one",
                    op,
                    call(op, target(op, ownIds(op, a)), token, a::id),
                    403);
        }
    }

    /** The required role suffices: in a third tenant, with ids that do not exist (nothing is changed). */
    private void atRequiredRole(ApiSpec.Operation op) {
        String role = op.requiredRole().orElse(Roles.AGENT);
        String token = c.token(USERS.get(role), role);
        RawHttp.Call call = call(op, target(op, p -> UUID.randomUUID().toString()), token, c::id);
        RawHttp.Answer answer = http.send(call);
        count("neither 401 nor 403 for the required role");
        if (answer.status() == 401 || answer.status() == 403 || answer.status() >= 500) {
            fail(op, "with the required role " + role, call, answer);
        }
    }

    /** Every combination of A's and B's ids in the path (at least one of A's), called by B's admin: 404. */
    private void foreignPathIds(ApiSpec.Operation op) {
        List<String> parameters = op.pathParameters();
        for (int mask = 1; mask < (1 << parameters.size()); mask++) {
            int chosen = mask;
            Function<String, String> values = name -> {
                TenantWorld owner = (chosen & (1 << parameters.indexOf(name))) != 0 ? a : b;
                return owner.id(TenantWorld.pathParameterKind(op, name));
            };
            RawHttp.Call call = call(op, target(op, values), b.admin, b::id);
            expectProblem("404 with another tenant's id in the path", op, call, 404);
        }
    }

    /** B's reads of its own data show nothing of A. */
    private void ownDataOnly(ApiSpec.Operation op) {
        RawHttp.Call call = call(op, target(op, ownIds(op, b)) + requiredQuery(op, "?", b), b.admin, b::id);
        RawHttp.Answer answer = http.send(call);
        count("reads of the own tenant show nothing of another");
        if (answer.status() != 200) {
            fail(op, "expected 200 for the tenant's own data", call, answer);
        } else {
            leaks(op, call, answer);
        }
    }

    /**
     * Values for the query parameters the spec marks required (the reports' range and measure, the tenant's own SMS
     * channel and a label for an audience count), so that a read
     * reaches the data; a required parameter this does not know fails the test, like an unknown path parameter.
     */
    private static String requiredQuery(ApiSpec.Operation op, String first, TenantWorld world) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : op.parameters("query")) {
            if (!parameter.path("required").asBoolean(false)) {
                continue;
            }
            String name = parameter.get("name").asText();
            String value = REQUIRED_QUERY_IDS.containsKey(name)
                    ? world.id(REQUIRED_QUERY_IDS.get(name))
                    : REQUIRED_QUERY_VALUES.get(name);
            if (value == null) {
                throw new AssertionError(
                        op + " requires query parameter '" + name + "', which this test does not know");
            }
            query.append(query.isEmpty() ? first : "&").append(name).append('=').append(value);
        }
        return query.toString();
    }

    /** Filtering by A's ids: nothing of A (an empty page, or a 400/404). */
    private void foreignFilterIds(ApiSpec.Operation op) {
        for (JsonNode parameter : op.parameters("query")) {
            String kind = ID_FILTERS.get(parameter.get("name").asText());
            if (kind == null) {
                continue;
            }
            String target = target(op, ownIds(op, b)) + "?"
                    + parameter.get("name").asText() + "=" + a.id(kind) + requiredQuery(op, "&", b);
            RawHttp.Call call = RawHttp.Call.of("GET", target).bearer(b.admin);
            RawHttp.Answer answer = http.send(call);
            count("filters by another tenant's id show nothing of it");
            if (answer.status() == 200) {
                leaks(op, call, answer);
            } else if (!(answer.status() == 400 || answer.status() == 404) || !answer.wellFormedProblem()) {
                fail(op, "expected 200 without data, 400 or 404", call, answer);
            }
        }
    }

    /**
     * Each kind of reference in the body set to A's id, the rest B's: refused. The same request with B's own ids
     * then succeeds, which shows the refusal was due to the foreign id.
     */
    private void foreignBodyIds(ApiSpec.Operation op) {
        JsonNode schema = jsonBody(op);
        Set<String> kinds = new LinkedHashSet<>();
        bodies.valid(schema, kind -> {
            kinds.add(kind);
            return b.id(kind);
        });
        String target = target(op, ownIds(op, b));
        for (String kind : kinds) {
            RawHttp.Call call = RawHttp.Call.of(op.method(), target)
                    .bearer(b.admin)
                    .json(bodies.valid(schema, k -> (k.equals(kind) ? a : b).id(k)));
            RawHttp.Answer answer = http.send(call);
            count("4xx with another tenant's id in the body");
            if (!List.of(400, 404, 409, 422).contains(answer.status()) || !answer.wellFormedProblem()) {
                fail(op, "expected 400, 404, 409 or 422 for A's " + kind + " in the body", call, answer);
            }
        }
        RawHttp.Call control =
                RawHttp.Call.of(op.method(), target).bearer(b.admin).json(bodies.valid(schema, b::id));
        RawHttp.Answer answer = http.send(control);
        count("2xx for the same body with the own tenant's ids");
        if (answer.status() / 100 != 2) {
            fail(op, "the control request with B's own ids should succeed", control, answer);
        }
    }

    /** A's key signed with B's secrets: refused, nothing stored for A; an unknown key: 404; B's own: accepted. */
    private void publicEndpoint(ApiSpec.Operation op) {
        String kind = PublicEndpoints.channelKind(op);
        if (!op.pathParameters().equals(List.of("key"))) {
            throw new AssertionError(
                    op + " takes path parameters the isolation test does not know: " + op.pathParameters());
        }
        TenantWorld.Channel aChannel = a.channels.get(kind);
        TenantWorld.Channel bChannel = b.channels.get(kind);

        long before = storedFor(a);
        RawHttp.Call forged = PublicEndpoints.request(op, aChannel.key(), bChannel, null);
        RawHttp.Answer answer = http.send(forged);
        if (PublicEndpoints.handshake(op)) {
            count("public handshakes show nothing of the tenant");
            if (answer.status() != 200) {
                fail(op, "the handshake answers anyone", forged, answer);
            }
            leaks(op, forged, answer);
        } else {
            count("401/403 for another tenant's channel key with own secrets");
            if (!(answer.status() == 401 || answer.status() == 403) || !answer.wellFormedProblem()) {
                fail(op, "expected 401 or 403 for A's key signed with B's secrets", forged, answer);
            }
            leaks(op, forged, answer);
        }
        count("nothing stored for a tenant by a forged request");
        if (storedFor(a) != before) {
            failures.add(
                    op + ": a request signed with another tenant's secrets stored data for A: " + forged.describe());
        }

        RawHttp.Call unknown = PublicEndpoints.request(op, "no-such-key-" + UUID.randomUUID(), bChannel, null);
        expectProblem("404 for an unknown channel key", op, unknown, 404);

        RawHttp.Call genuine = PublicEndpoints.request(op, bChannel.key(), bChannel, null);
        RawHttp.Answer accepted = http.send(genuine);
        count("2xx for the channel's own key and secrets");
        if (accepted.status() / 100 != 2) {
            fail(op, "the genuine request should be accepted", genuine, accepted);
        }
    }

    // --- Helpers ----------------------------------------------------------------------------------------------

    private long storedFor(TenantWorld world) {
        return sql.count(
                "SELECT (SELECT COUNT(*) FROM message WHERE tenant_id = ?) + (SELECT COUNT(*) FROM conversation"
                        + " WHERE tenant_id = ?) + (SELECT COUNT(*) FROM contact WHERE tenant_id = ?)",
                world.tenant,
                world.tenant,
                world.tenant);
    }

    private void expectProblem(String check, ApiSpec.Operation op, RawHttp.Call call, int status) {
        RawHttp.Answer answer = http.send(call);
        count(check);
        if (answer.status() != status || !answer.wellFormedProblem()) {
            fail(op, "expected a " + status + " problem", call, answer);
        }
    }

    private void leaks(ApiSpec.Operation op, RawHttp.Call call, RawHttp.Answer answer) {
        for (String secret : aSecrets) {
            if (answer.body().contains(secret)) {
                failures.add("LEAK " + op + ": the answer contains tenant A's " + secret + "\n    " + call.describe()
                        + "\n    -> " + answer);
                return;
            }
        }
    }

    private void fail(ApiSpec.Operation op, String expectation, RawHttp.Call call, RawHttp.Answer answer) {
        failures.add(op + ": " + expectation + "\n    " + call.describe() + "\n    -> " + answer);
    }

    private void count(String check) {
        checks.merge(check, 1, Integer::sum);
    }

    private static Function<String, String> ownIds(ApiSpec.Operation op, TenantWorld world) {
        return parameter -> world.id(TenantWorld.pathParameterKind(op, parameter));
    }

    private static String target(ApiSpec.Operation op, Function<String, String> values) {
        String target = op.path();
        for (String parameter : op.pathParameters()) {
            target = target.replace(
                    "{" + parameter + "}", URLEncoder.encode(values.apply(parameter), StandardCharsets.UTF_8));
        }
        return target;
    }

    private static JsonNode jsonBody(ApiSpec.Operation op) {
        return op.requestBody()
                .filter(body -> body.getKey().equals("application/json"))
                .map(Map.Entry::getValue)
                .orElse(null);
    }

    private RawHttp.Call call(ApiSpec.Operation op, String target, String token, Function<String, String> ids) {
        RawHttp.Call call = RawHttp.Call.of(op.method(), target).bearer(token);
        JsonNode schema = jsonBody(op);
        return schema == null ? call : call.json(bodies.valid(schema, ids));
    }
}
