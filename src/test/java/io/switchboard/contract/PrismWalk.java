package io.switchboard.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.bench.BenchService;
import io.switchboard.testing.TestTokens;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The walk of issue 20: the packaged service behind a validating proxy (Stoplight Prism, {@code prism proxy --errors
 * openapi/openapi.yaml}), and the API used through it as an SPA uses it. Every answer Prism flags (a request or
 * answer that breaks the spec: Prism's {@code sl-violations} header, or with {@code --errors} its own problem
 * document instead of the service's answer) is a mismatch; so is an answer whose status the walk did not expect
 * (the walk would skip what comes after). Prints each and exits 1 when there is any. Run by
 * {@code contract/prism-walk.sh}, which installs nothing: {@code -Dprism=} names the Prism executable.
 */
public final class PrismWalk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRISM_ERRORS = "https://stoplight.io/prism/errors#";
    private static final String CHAT_SECRET = "walk-identity-secret-0123456789abcdef";

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final String database = System.getProperty("db.name", "switchboard_prism_walk");
    private final String prism = System.getProperty("prism", "prism");
    /** The spec Prism validates against; another one only to see that the walk catches a spec that lies. */
    private final String spec = System.getProperty("spec", "openapi/openapi.yaml");
    /**
     * {@code --errors} (default): Prism answers a violation with a problem document of its own instead of the
     * service's answer, as a client would see it fail. {@code -Dprism.errors=false}: the service's answers pass
     * with an {@code sl-violations} header, so the walk goes on past a mismatch and finds them all in one run.
     */
    private final boolean errors = !"false".equals(System.getProperty("prism.errors"));

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> mismatches = new ArrayList<>();
    private final List<String> walkErrors = new ArrayList<>();
    private int exchanges;
    private int proxyPort;
    private HttpServer integration;

    public static void main(String[] args) throws Exception {
        int found = new PrismWalk().run();
        System.exit(found == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        int port = BenchService.freePort();
        proxyPort = BenchService.freePort();
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        // The integration behind the API channel: takes every reply.
        integration = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        integration.createContext("/replies", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        integration.start();
        Process app = null;
        Process proxy = null;
        try {
            app = BenchService.start(
                    port,
                    serverUrl + "/" + database,
                    Map.of(
                            "QUARKUS_OIDC_AUTH_SERVER_URL",
                            oidcConfig.get("keycloak.url") + "/realms/quarkus",
                            // The integration that takes the API channel's replies listens on loopback.
                            "SWITCHBOARD_EGRESS_ALLOW",
                            "127.0.0.0/8"),
                    "prism-walk-service.log");
            List<String> command = new ArrayList<>(List.of(prism, "proxy"));
            if (errors) {
                command.add("--errors");
            }
            command.addAll(
                    List.of("-h", "127.0.0.1", "-p", String.valueOf(proxyPort), spec, "http://127.0.0.1:" + port));
            proxy = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "prism-walk-proxy.log").toFile())
                    .start();
            awaitProxy();
            try {
                walk();
            } catch (IllegalStateException stopped) {
                walkErrors.add("the walk stopped: " + stopped.getMessage());
            }
        } finally {
            if (proxy != null) {
                proxy.destroy();
                proxy.waitFor();
            }
            if (app != null) {
                app.destroy();
                app.waitFor();
            }
            oidc.stop();
            integration.stop(0);
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                "Prism walk: %d exchanges, %d mismatches, %d unexpected answers%n",
                exchanges, mismatches.size(), walkErrors.size()));
        mismatches.forEach(m -> report.append("MISMATCH ").append(m).append('\n'));
        walkErrors.forEach(m -> report.append("UNEXPECTED ").append(m).append('\n'));
        System.out.print(report);
        Files.writeString(Path.of("target", "prism-walk.txt"), report);
        return mismatches.size() + walkErrors.size();
    }

    private void awaitProxy() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/api/v1/me"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Prism did not start; see target/prism-walk-proxy.log");
    }

    // ---- the walk ----

    private void walk() throws Exception {
        String tenant = TestTokens.newTenant("walk");
        String admin = TestTokens.token(tenant, "carol", "admin");
        String manager = TestTokens.token(tenant, "mona", "manager");
        String agent = TestTokens.token(tenant, "alice", "agent");
        String otherAgent = TestTokens.token(tenant, "bob", "agent");

        // Who am I: also makes each an operator of the tenant.
        call(admin, "GET", "/api/v1/me", null, 200);
        String monaId = text(call(manager, "GET", "/api/v1/me", null, 200), "id");
        String aliceId = text(call(agent, "GET", "/api/v1/me", null, 200), "id");
        String bobId = text(call(otherAgent, "GET", "/api/v1/me", null, 200), "id");

        // The four settings, and the tenant's zone.
        call(admin, "PUT", "/api/v1/settings/tenant", Map.of("timeZone", "Europe/Berlin"), 200);
        call(admin, "GET", "/api/v1/settings/tenant", null, 200);
        call(admin, "GET", "/api/v1/settings/publishing", null, 200);
        call(admin, "PUT", "/api/v1/settings/publishing", Map.of("approvalRequired", true), 200);
        call(admin, "GET", "/api/v1/settings/capacity", null, 200);
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("API", 5);
        capacity.put("EMAIL", null);
        call(admin, "PATCH", "/api/v1/settings/capacity", Map.of("capacity", capacity), 200);
        call(admin, "GET", "/api/v1/settings/limits", null, 200);
        call(admin, "PUT", "/api/v1/settings/limits", Map.of("smsPerDay", 500), 200);
        call(admin, "GET", "/api/v1/settings/engagement", null, 200);
        call(admin, "PUT", "/api/v1/settings/engagement", Map.of("xMonthlyReadBudget", 1000), 200);

        // Channels.
        String replyUrl = "http://127.0.0.1:" + integration.getAddress().getPort() + "/replies";
        String apiChannel = channel(admin, "API", "CRM", Map.of("replyUrl", replyUrl));
        String xChannel = channel(
                admin,
                "X",
                "Brand on X",
                Map.of("userId", "4711", "consumerSecret", "cs-walk", "accessToken", "at-walk"));
        String spare = smsChannel(admin, "Spare line", 1);
        call(admin, "GET", "/api/v1/channels", null, 200);
        call(admin, "GET", "/api/v1/channels?limit=1", null, 200);
        call(admin, "GET", "/api/v1/channels/" + apiChannel, null, 200);
        call(admin, "PATCH", "/api/v1/channels/" + spare, Map.of("name", "Spare line 2", "enabled", false), 200);
        call(admin, "DELETE", "/api/v1/channels/" + spare, null, 204);

        // Teams, and routing to one.
        String team = text(
                call(admin, "POST", "/api/v1/teams", Map.of("name", "Support", "members", List.of(aliceId)), 201),
                "id");
        call(manager, "GET", "/api/v1/teams", null, 200);
        call(manager, "GET", "/api/v1/teams/" + team, null, 200);
        call(admin, "PATCH", "/api/v1/teams/" + team, Map.of("members", List.of(aliceId, bobId)), 200);
        call(admin, "GET", "/api/v1/channels/" + apiChannel + "/routing", null, 200);
        call(
                admin,
                "PUT",
                "/api/v1/channels/" + apiChannel + "/routing",
                Map.of("teamId", team, "autoAssignment", "OFF"),
                200);

        // Conversations come in.
        String conversation = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/channels/" + apiChannel + "/inbound",
                        Map.of(
                                "externalId",
                                "m-1",
                                "sender",
                                Map.of("id", "u-1", "name", "Zoë"),
                                "text",
                                "Where is my order?"),
                        201),
                "conversationId");
        String second = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/channels/" + apiChannel + "/inbound",
                        Map.of("externalId", "m-2", "sender", Map.of("id", "u-2"), "text", "Hello?"),
                        201),
                "conversationId");
        call(
                agent,
                "POST",
                "/api/v1/channels/" + apiChannel + "/inbound",
                Map.of("externalId", "m-2", "sender", Map.of("id", "u-2"), "text", "Hello?"),
                200,
                201);

        call(agent, "GET", "/api/v1/conversations", null, 200);
        call(agent, "GET", "/api/v1/conversations?limit=1", null, 200);
        call(agent, "GET", "/api/v1/conversations?status=OPEN&status=PENDING&channel=" + apiChannel, null, 200);
        call(agent, "GET", "/api/v1/conversations?q=order", null, 200);
        call(agent, "GET", "/api/v1/conversations?team=" + team + "&kind=API", null, 200);
        HttpResponse<String> read = exchange(agent, "GET", "/api/v1/conversations/" + conversation, null, Map.of());
        expect(read, "GET /api/v1/conversations/{id}", 200);
        String etag = read.headers().firstValue("ETag").orElse("\"0\"");
        call(
                agent,
                "PATCH",
                "/api/v1/conversations/" + conversation,
                Map.of("priority", "HIGH", "labels", List.of("vip")),
                Map.of("If-Match", etag),
                200);
        call(
                agent,
                "PATCH",
                "/api/v1/conversations/" + second,
                Map.of(
                        "status",
                        "SNOOZED",
                        "snoozedUntil",
                        Instant.now()
                                .plus(2, ChronoUnit.DAYS)
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString()),
                200);
        call(agent, "POST", "/api/v1/conversations/" + conversation + "/read", null, 200);

        // Assignment.
        call(manager, "PUT", "/api/v1/conversations/" + conversation + "/assignee", Map.of("operatorId", aliceId), 200);
        Map<String, Object> nobody = new LinkedHashMap<>();
        nobody.put("operatorId", null);
        call(manager, "PUT", "/api/v1/conversations/" + second + "/assignee", nobody, 200);

        // Notes and replies.
        String note = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/conversations/" + conversation + "/messages",
                        Map.of("type", "NOTE", "text", "Called the warehouse"),
                        201),
                "id");
        call(
                agent,
                "POST",
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("type", "REPLY", "text", "It ships tomorrow."),
                Map.of("Idempotency-Key", "walk-reply-1"),
                201,
                202);
        String later = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/conversations/" + conversation + "/messages",
                        Map.of(
                                "type",
                                "REPLY",
                                "text",
                                "Any news?",
                                "sendAt",
                                Instant.now()
                                        .plus(1, ChronoUnit.DAYS)
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString()),
                        201,
                        202),
                "id");
        call(
                agent,
                "PATCH",
                "/api/v1/conversations/" + conversation + "/messages/" + later,
                Map.of("text", "Any news on your order?"),
                200);
        call(agent, "POST", "/api/v1/conversations/" + conversation + "/messages/" + later + "/cancel", null, 200);
        call(agent, "GET", "/api/v1/conversations/" + conversation + "/messages", null, 200);
        call(agent, "GET", "/api/v1/conversations/" + conversation + "/messages?limit=1", null, 200);
        call(agent, "GET", "/api/v1/conversations/" + conversation + "/messages/" + note, null, 200);
        call(agent, "GET", "/api/v1/conversations/" + conversation + "/events", null, 200);
        call(agent, "GET", "/api/v1/conversations/" + conversation + "/events?limit=2", null, 200);

        // Heartbeats open a work session; stop closes it.
        call(agent, "POST", "/api/v1/conversations/" + conversation + "/work/heartbeat", null, 200, 204);
        call(agent, "POST", "/api/v1/conversations/" + conversation + "/work/heartbeat", null, 200, 204);
        call(agent, "POST", "/api/v1/conversations/" + conversation + "/work/stop", null, 200, 204);

        // Contacts.
        String contact = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/contacts",
                        Map.of("name", "Zoë Example", "email", "zoe@example.com", "labels", List.of("newsletter")),
                        201),
                "id");
        String duplicate = text(
                call(agent, "POST", "/api/v1/contacts", Map.of("name", "Zoe E.", "phone", "+15550002222"), 201), "id");
        call(agent, "GET", "/api/v1/contacts", null, 200);
        call(agent, "GET", "/api/v1/contacts?q=zo&limit=1", null, 200);
        call(agent, "GET", "/api/v1/contacts?label=newsletter", null, 200);
        call(agent, "GET", "/api/v1/contacts/" + contact, null, 200);
        call(agent, "PATCH", "/api/v1/contacts/" + contact, Map.of("phone", "+15550003333"), 200);
        call(manager, "POST", "/api/v1/contacts/" + contact + "/merge", Map.of("sourceContactId", duplicate), 200);

        // Operators, their rates and availability.
        call(agent, "GET", "/api/v1/operators", null, 200);
        call(agent, "GET", "/api/v1/operators?limit=1", null, 200);
        call(agent, "GET", "/api/v1/operators/" + bobId, null, 200);
        call(agent, "PUT", "/api/v1/operators/me/availability", Map.of("availability", "AWAY"), 200);
        call(
                admin,
                "PATCH",
                "/api/v1/operators/" + aliceId,
                Map.of("hourlyCost", Map.of("amountMinor", 2500, "currency", "EUR"), "capacity", Map.of("API", 3)),
                200);
        call(manager, "GET", "/api/v1/operators/" + aliceId, null, 200);
        call(manager, "GET", "/api/v1/operators/" + aliceId + "/rates", null, 200);
        call(manager, "GET", "/api/v1/operators/" + monaId + "/rates", null, 200);

        // Work sessions, logged by hand.
        String logged = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/work-sessions",
                        Map.of(
                                "channelKind",
                                "PHONE",
                                "startedAt",
                                Instant.now()
                                        .minus(3, ChronoUnit.HOURS)
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString(),
                                "durationSeconds",
                                900,
                                "note",
                                "Call with the supplier"),
                        201),
                "id");
        String onConversation = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/work-sessions",
                        Map.of(
                                "conversationId",
                                conversation,
                                "startedAt",
                                Instant.now()
                                        .minus(2, ChronoUnit.HOURS)
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString(),
                                "durationSeconds",
                                300),
                        201),
                "id");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
        String range = "from=" + today.minusDays(5) + "&to=" + today.plusDays(1);
        call(agent, "GET", "/api/v1/work-sessions", null, 200);
        call(agent, "GET", "/api/v1/work-sessions?" + range, null, 200);
        call(agent, "GET", "/api/v1/work-sessions?conversation=" + conversation, null, 200);
        call(manager, "GET", "/api/v1/work-sessions?operator=" + aliceId + "&limit=1", null, 200);
        call(agent, "GET", "/api/v1/work-sessions/" + logged, null, 200);
        call(agent, "PATCH", "/api/v1/work-sessions/" + logged, Map.of("durationSeconds", 1200), 200);
        call(agent, "GET", "/api/v1/work-sessions/" + logged + "/history", null, 200);
        call(agent, "DELETE", "/api/v1/work-sessions/" + onConversation, null, 204);

        // Posts: a scheduled X post through the approval workflow, a draft deleted, the calendar.
        Instant at = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> postBody = new LinkedHashMap<>();
        postBody.put("text", "Our winter sale starts now");
        postBody.put("targets", List.of(Map.of("channelId", xChannel)));
        postBody.put("scheduledAt", at.toString());
        postBody.put("timeZone", "Europe/Berlin");
        String post = text(call(agent, "POST", "/api/v1/posts", postBody, 201), "id");
        String draft = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/posts",
                        Map.of(
                                "text",
                                "Maybe later",
                                "targets",
                                List.of(Map.of("channelId", xChannel)),
                                "scheduledAt",
                                at.plus(1, ChronoUnit.DAYS).toString(),
                                "timeZone",
                                "Europe/Berlin",
                                "recurrence",
                                Map.of("everyDays", 7)),
                        201),
                "id");
        call(agent, "GET", "/api/v1/posts", null, 200);
        call(agent, "GET", "/api/v1/posts?status=DRAFT&limit=1", null, 200);
        call(agent, "GET", "/api/v1/posts?from=2026-11-28&to=2026-12-31", null, 200);
        call(agent, "GET", "/api/v1/posts?from=" + today.minusDays(1) + "&to=" + today.plusDays(7), null, 200);
        call(
                agent,
                "GET",
                "/api/v1/posts?from=" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "&to="
                        + at.plus(1, ChronoUnit.DAYS),
                null,
                200);
        call(agent, "GET", "/api/v1/posts/" + post, null, 200);
        call(agent, "PATCH", "/api/v1/posts/" + post, Map.of("text", "Our winter sale starts now ❄"), 200);
        call(agent, "POST", "/api/v1/posts/" + post + "/submit", null, 200);
        call(manager, "POST", "/api/v1/posts/" + post + "/approve", null, 200);
        call(agent, "GET", "/api/v1/posts/" + post, null, 200);
        call(manager, "GET", "/api/v1/posts/" + post + "/metrics", null, 200);
        call(manager, "POST", "/api/v1/posts/" + post + "/cancel", null, 200);
        call(agent, "DELETE", "/api/v1/posts/" + draft, null, 204);

        // A broadcast: one SMS to every contact labelled newsletter.
        String sms = smsChannel(admin, "Broadcasts", 2);
        String broadcast = text(
                call(
                        agent,
                        "POST",
                        "/api/v1/posts",
                        Map.of(
                                "text",
                                "20% off this weekend",
                                "audience",
                                Map.of("channelId", sms, "label", "newsletter"),
                                "scheduledAt",
                                at.toString(),
                                "timeZone",
                                "Europe/Berlin"),
                        201),
                "id");
        call(agent, "GET", "/api/v1/posts/" + broadcast, null, 200);

        // The web chat as the customer's site uses it (public, no token), and the agent's side of it.
        String chat = channel(admin, "CHAT", "Web chat", Map.of("identitySecret", CHAT_SECRET));
        String chatKey = text(call(admin, "GET", "/api/v1/channels/" + chat, null, 200), "key");
        String visitor = "user-4711";
        String hash = hmac(CHAT_SECRET, visitor);
        String chatConversation = text(
                call(
                        null,
                        "POST",
                        "/public/v1/chat/" + chatKey + "/conversations",
                        Map.of("identifier", visitor, "identifierHash", hash, "text", "Hi, is anyone there?"),
                        200,
                        201),
                "conversationId");
        call(
                null,
                "POST",
                "/public/v1/chat/" + chatKey + "/messages",
                Map.of(
                        "identifier",
                        visitor,
                        "identifierHash",
                        hash,
                        "text",
                        "About my order",
                        "clientMessageId",
                        "c-1"),
                200,
                201);
        call(
                agent,
                "POST",
                "/api/v1/conversations/" + chatConversation + "/messages",
                Map.of("type", "REPLY", "text", "Yes, how can I help?"),
                201,
                202);
        call(
                null,
                "GET",
                "/public/v1/chat/" + chatKey + "/messages?identifier=" + visitor + "&identifierHash=" + hash,
                null,
                200);
        call(
                null,
                "GET",
                "/public/v1/chat/" + chatKey + "/messages?identifier=" + visitor + "&identifierHash=" + hash
                        + "&limit=1",
                null,
                200);
        call(agent, "GET", "/api/v1/conversations?kind=CHAT&assignee=me", null, 200);
        call(agent, "GET", "/api/v1/conversations/" + chatConversation + "/messages", null, 200);

        // The reports, with local dates and with instants on local midnights.
        String days = "from=" + today.minusDays(7) + "&to=" + today.plusDays(1);
        call(manager, "GET", "/api/v1/reports/channel-costs?" + days, null, 200);
        call(manager, "GET", "/api/v1/reports/channel-costs?from=2026-11-28&to=2026-12-31&groupBy=week", null, 200);
        call(manager, "GET", "/api/v1/reports/operator-workload?" + days, null, 200);
        call(manager, "GET", "/api/v1/reports/operator-workload?" + days + "&operator=" + aliceId, null, 200);
        call(manager, "GET", "/api/v1/reports/response-times?" + days + "&groupBy=month", null, 200);
        call(manager, "GET", "/api/v1/reports/volume?" + days + "&kind=API", null, 200);
        call(manager, "GET", "/api/v1/reports/conversations?" + days + "&measure=handled&limit=5", null, 200);
        call(manager, "GET", "/api/v1/reports/channel-return?" + days + "&channel=" + xChannel, null, 200);
        call(manager, "GET", "/api/v1/reports/channel-costs?from=2026-11-27T23:00:00Z&to=2026-12-01", null, 200);

        // Three errors a client must handle: not found, not allowed, a stale version.
        call(agent, "GET", "/api/v1/conversations/no-such-conversation", null, 404);
        call(agent, "PUT", "/api/v1/settings/limits", Map.of("smsPerDay", 10), 403);
        call(
                agent,
                "PATCH",
                "/api/v1/conversations/" + conversation,
                Map.of("priority", "LOW"),
                Map.of("If-Match", "\"999\""),
                412);
    }

    private String channel(String admin, String kind, String name, Map<String, String> config) throws Exception {
        return text(
                call(admin, "POST", "/api/v1/channels", Map.of("kind", kind, "name", name, "config", config), 201),
                "id");
    }

    /** An SMS channel of a made-up Twilio account ({@code n} tells them apart); nothing is sent through it. */
    private String smsChannel(String admin, String name, int n) throws Exception {
        return channel(
                admin,
                "SMS",
                name,
                Map.of(
                        "accountSid",
                        String.format("AC%032d", n),
                        "authToken",
                        "walk-token-" + n,
                        "phoneNumber",
                        "+1555000" + (1000 + n)));
    }

    // ---- exchanges through the proxy ----

    private JsonNode call(String token, String method, String path, Object body, int... expected) throws Exception {
        return call(token, method, path, body, Map.of(), expected);
    }

    private JsonNode call(
            String token, String method, String path, Object body, Map<String, String> headers, int... expected)
            throws Exception {
        HttpResponse<String> response = exchange(token, method, path, body, headers);
        expect(response, method + " " + path, expected);
        String text = response.body();
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private HttpResponse<String> exchange(
            String token, String method, String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path))
                .header("Accept", "application/json, application/problem+json")
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        exchanges++;
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String name = method + " " + path + " -> " + response.statusCode();
        // Without --errors Prism reports what it found in a header; with it, an answer of its own replaces the
        // service's (a refused request never reaches the service).
        String type = problemType(response);
        if (type != null && type.startsWith(PRISM_ERRORS)) {
            mismatches.add(name + ": " + response.body());
        } else {
            response.headers().allValues("sl-violations").forEach(v -> mismatches.add(name + ": " + v));
        }
        return response;
    }

    private void expect(HttpResponse<String> response, String name, int... expected) {
        Set<Integer> statuses = new java.util.HashSet<>();
        for (int status : expected) {
            statuses.add(status);
        }
        String type = problemType(response);
        if (!statuses.contains(response.statusCode()) && (type == null || !type.startsWith(PRISM_ERRORS))) {
            walkErrors.add(
                    name + " answered " + response.statusCode() + " (expected " + statuses + "): " + response.body());
        }
    }

    private static String problemType(HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.contains("json") || response.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(response.body()).path("type").asText(null);
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static String hmac(String secret, String value) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalStateException("No " + field + " in " + node + "; the walk cannot go on");
        }
        return value.asText();
    }
}
