package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant with a real object of every kind the API takes ids for, made through the API as its users would: a
 * channel of every kind, a conversation with an inbound message and a scheduled reply, contacts, a team, a post, a
 * work session, an hourly rate, a chat visitor's conversation.
 */
final class TenantWorld {

    static final String CHANNEL = "channel";
    static final String X_CHANNEL = "channel:X";
    static final String SMS_CHANNEL = "channel:SMS";
    static final String EMAIL_CHANNEL = "channel:EMAIL";
    static final String CONVERSATION = "conversation";
    static final String MESSAGE = "message";
    static final String CONTACT = "contact";
    static final String OTHER_CONTACT = "contact:other";
    static final String TEAM = "team";
    static final String OPERATOR = "operator";
    static final String POST = "post";
    static final String VARIANT_POST = "post:variants";
    static final String WORK_SESSION = "work-session";

    /** The fixture a path parameter {@code id} names, by the collection it follows. */
    private static final Map<String, String> COLLECTIONS = Map.of(
            "channels", CHANNEL,
            "contacts", CONTACT,
            "conversations", CONVERSATION,
            "operators", OPERATOR,
            "posts", POST,
            "teams", TEAM,
            "work-sessions", WORK_SESSION);

    /** Operations under a resource that only one kind of it has: the fixture of that kind. */
    private static final Map<String, String> KIND_SPECIFIC =
            Map.of("domain-verification", EMAIL_CHANNEL, "mailbox", EMAIL_CHANNEL, "experiment", VARIANT_POST);

    /** The fixture other path parameters name. */
    private static final Map<String, String> PARAMETERS = Map.of("messageId", MESSAGE);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** A connected channel: its ids and the secrets a provider (or the customer's back end) signs with. */
    record Channel(String kind, String id, String key, String webhookUrl, Map<String, String> config) {}

    final String tenant;
    final String admin;
    final String manager;
    final String agent;
    /** Text only this tenant's data contains. */
    final String marker;

    final Map<String, String> ids = new HashMap<>();
    final Map<String, Channel> channels = new LinkedHashMap<>();
    private final RawHttp http;
    private final String suffix;

    private TenantWorld(String prefix, RawHttp http) {
        this.tenant = TestTokens.newTenant(prefix);
        this.admin = TestTokens.token(tenant, "carol", "admin");
        this.manager = TestTokens.token(tenant, "mona", "manager");
        this.agent = TestTokens.token(tenant, "alice", "agent");
        this.http = http;
        this.suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));
        this.marker = "marker-" + tenant;
    }

    /** A token of this tenant with these realm roles (none: a user without any of ours). */
    String token(String username, String... roles) {
        return TestTokens.token(tenant, username, roles);
    }

    /** The fixture kind a path parameter names; an unknown one fails, so that no operation is skipped. */
    static String pathParameterKind(ApiSpec.Operation op, String parameter) {
        String kind;
        if (parameter.equals("id")) {
            List<String> segments = List.of(op.path().split("/"));
            int at = segments.indexOf("{id}");
            kind = at > 0 ? COLLECTIONS.get(segments.get(at - 1)) : null;
            if (kind != null && at + 1 < segments.size() && KIND_SPECIFIC.containsKey(segments.get(at + 1))) {
                kind = KIND_SPECIFIC.get(segments.get(at + 1));
            }
        } else {
            kind = PARAMETERS.get(parameter);
        }
        if (kind == null) {
            throw new AssertionError(op + " takes the path parameter {" + parameter + "}, which the tests do not"
                    + " know: map it to a fixture in TenantWorld.COLLECTIONS or PARAMETERS");
        }
        return kind;
    }

    String id(String kind) {
        String id = ids.get(kind);
        if (id == null) {
            throw new AssertionError("The fixture has no " + kind);
        }
        return id;
    }

    static TenantWorld create(String prefix, RawHttp http) {
        TenantWorld world = new TenantWorld(prefix, http);
        world.build();
        return world;
    }

    private void build() {
        String agentId = get(agent, "/api/v1/me").path("id").asText();
        get(manager, "/api/v1/me");
        get(admin, "/api/v1/me");
        ids.put(OPERATOR, agentId);

        channel("API", Map.of("replyUrl", "http://127.0.0.1:9/replies"));
        channel("CHAT", Map.of("identitySecret", "chat-secret-" + suffix));
        channel(
                "SMS",
                Map.of(
                        "accountSid", "AC" + HexFormat.of().formatHex(randomBytes(16)),
                        "authToken", "at" + suffix,
                        "phoneNumber", "+1555" + suffix.substring(suffix.length() - 7)));
        channel(
                "FACEBOOK",
                Map.of(
                        "pageId", "7" + suffix,
                        "appSecret", "as" + suffix,
                        "verifyToken", "vt" + suffix,
                        "pageAccessToken", "pt" + suffix));
        channel("X", Map.of("userId", "9" + suffix, "consumerSecret", "cs" + suffix, "accessToken", "xt" + suffix));
        channel("EMAIL", Map.of("address", "support@" + tenant + ".example", "signingKey", "sk" + suffix));
        ids.put(CHANNEL, channels.get("API").id());
        ids.put(X_CHANNEL, channels.get("X").id());
        ids.put(SMS_CHANNEL, channels.get("SMS").id());
        ids.put(EMAIL_CHANNEL, channels.get("EMAIL").id());

        ObjectNode inbound =
                JSON.createObjectNode().put("externalId", "in-" + suffix).put("text", "Hello from " + marker);
        inbound.putObject("sender").put("id", "sender-" + suffix).put("name", marker);
        String conversation = post(agent, "/api/v1/channels/" + id(CHANNEL) + "/inbound", inbound, 201)
                .path("conversationId")
                .asText();
        ids.put(CONVERSATION, conversation);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode reply = JSON.createObjectNode()
                .put("type", "REPLY")
                .put("text", "Later, " + marker)
                .put("sendAt", now.plus(Duration.ofDays(1)).toString());
        ids.put(
                MESSAGE,
                post(agent, "/api/v1/conversations/" + conversation + "/messages", reply, 202)
                        .path("id")
                        .asText());

        ids.put(CONTACT, contact("+4915100" + suffix.substring(suffix.length() - 6)));
        ids.put(OTHER_CONTACT, contact("+4915200" + suffix.substring(suffix.length() - 6)));

        ObjectNode team = JSON.createObjectNode().put("name", "Team " + marker);
        team.putArray("members").add(agentId);
        ids.put(TEAM, post(manager, "/api/v1/teams", team, 201).path("id").asText());

        ObjectNode routing = JSON.createObjectNode().put("teamId", id(TEAM)).put("autoAssignment", "OFF");
        send(
                RawHttp.Call.of("PUT", "/api/v1/channels/" + id(CHANNEL) + "/routing")
                        .bearer(manager)
                        .json(routing),
                200);

        ObjectNode rate = JSON.createObjectNode();
        rate.putObject("hourlyCost").put("amountMinor", 3600).put("currency", "EUR");
        send(
                RawHttp.Call.of("PATCH", "/api/v1/operators/" + agentId)
                        .bearer(manager)
                        .json(rate),
                200);

        ObjectNode postRequest = JSON.createObjectNode()
                .put("text", "Post of " + marker)
                .put("scheduledAt", now.plus(Duration.ofDays(30)).toString())
                .put("timeZone", "Europe/Berlin");
        postRequest.putArray("targets").addObject().put("channelId", id(X_CHANNEL));
        ids.put(POST, post(agent, "/api/v1/posts", postRequest, 201).path("id").asText());

        ObjectNode variantPost = JSON.createObjectNode()
                .put("scheduledAt", now.plus(Duration.ofDays(31)).toString())
                .put("timeZone", "Europe/Berlin");
        variantPost
                .putArray("variants")
                .add(JSON.createObjectNode().put("text", "Variant A of " + marker))
                .add(JSON.createObjectNode().put("text", "Variant B of " + marker));
        variantPost.putArray("targets").addObject().put("channelId", id(X_CHANNEL));
        ids.put(
                VARIANT_POST,
                post(agent, "/api/v1/posts", variantPost, 201).path("id").asText());

        ObjectNode work = JSON.createObjectNode()
                .put("conversationId", conversation)
                .put("channelKind", "PHONE")
                .put("startedAt", now.minus(Duration.ofHours(3)).toString())
                .put("durationSeconds", 300)
                .put("note", "Call of " + marker);
        ids.put(
                WORK_SESSION,
                post(agent, "/api/v1/work-sessions", work, 201).path("id").asText());

        Channel chat = channels.get("CHAT");
        ObjectNode visitor = JSON.createObjectNode()
                .put("identifier", "visitor-1")
                .put(
                        "identifierHash",
                        ProviderSignatures.chatIdentity(chat.config().get("identitySecret"), "visitor-1"))
                .put("name", marker)
                .put("text", "Chat of " + marker);
        post(null, "/public/v1/chat/" + chat.key() + "/conversations", visitor, 201);
    }

    private String contact(String phone) {
        ObjectNode contact = JSON.createObjectNode()
                .put("name", "Contact " + marker)
                .put("email", phone.substring(1) + "@" + tenant + ".example")
                .put("phone", phone);
        contact.putArray("labels").add("isolation");
        return post(agent, "/api/v1/contacts", contact, 201).path("id").asText();
    }

    private void channel(String kind, Map<String, String> config) {
        ObjectNode body = JSON.createObjectNode().put("kind", kind).put("name", kind + " of " + marker);
        body.set("config", JSON.valueToTree(config));
        JsonNode created = post(admin, "/api/v1/channels", body, 201);
        channels.put(
                kind,
                new Channel(
                        kind,
                        created.path("id").asText(),
                        created.path("key").asText(),
                        created.path("webhookUrl").asText(null),
                        config));
    }

    private JsonNode get(String token, String path) {
        return send(RawHttp.Call.of("GET", path).bearer(token), 200);
    }

    private JsonNode post(String token, String path, JsonNode body, int status) {
        return send(RawHttp.Call.of("POST", path).bearer(token).json(body), status);
    }

    private JsonNode send(RawHttp.Call call, int status) {
        RawHttp.Answer answer = http.send(call);
        if (answer.status() != status) {
            throw new AssertionError("Setting up " + tenant + ": " + call.describe() + " answered " + answer);
        }
        return answer.json();
    }

    /**
     * Everything of this tenant another tenant must never see: every id in the answers of the tenant's own GET
     * operations, the channels' keys and the marker text.
     */
    Set<String> secrets(ApiSpec spec, java.util.function.Function<ApiSpec.Operation, String> ownTarget) {
        Set<String> found = new LinkedHashSet<>(ids.values());
        channels.values().forEach(c -> found.add(c.key()));
        found.add(marker);
        for (ApiSpec.Operation op : spec.operations()) {
            if (!op.method().equals("GET") || !op.authenticated() || op.eventStream()) {
                continue;
            }
            RawHttp.Answer answer =
                    http.send(RawHttp.Call.of("GET", ownTarget.apply(op)).bearer(admin));
            if (answer.status() == 200) {
                Matcher m = UUID.matcher(answer.body());
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
