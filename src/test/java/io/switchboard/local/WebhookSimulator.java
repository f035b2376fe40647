package io.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.demo.DemoSeed;
import io.switchboard.testing.ProviderSignatures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sends realistic, signed provider webhooks to the running local service (started by {@code mvn -Plocal package},
 * seeded with the demo tenant), so that a new user watches messages arrive in the console live. Every message
 * takes the real inbound path of its kind: a Twilio-signed SMS form, a Meta-signed Messenger batch, an X-signed
 * direct message, a Mailgun-signed email route, a chat visitor on the public widget API. Run with
 * {@code mvn -Plocal exec:java@simulate}; {@code SWITCHBOARD_SIMULATE_COUNT} (default 20) and
 * {@code SWITCHBOARD_SIMULATE_EVERY_SECONDS} (default 4) set how many and how often.
 */
public final class WebhookSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] QUESTIONS = {
        "Hi! Where is my parcel? Order %d was due yesterday.",
        "Can I still change the size on order %d?",
        "Bonjour, ma commande %d n'est toujours pas arrivée.",
        "The jacket from order %d has a broken zip, what can I do?",
        "Do you have the winter boots in 42? (order %d was the wrong size)",
        "I was charged twice for order %d!"
    };
    private static final String[] NAMES = {"Nina Keller", "Omar Haddad", "Julie Moreau", "Pablo Ruiz", "Mei Lin"};

    private WebhookSimulator() {}

    public static void main(String[] args) throws Exception {
        int appPort = Integer.parseInt(setting("SWITCHBOARD_LOCAL_HTTP_PORT", "8080"));
        int keycloakPort = Integer.parseInt(setting("SWITCHBOARD_LOCAL_KEYCLOAK_PORT", "8180"));
        int count = Integer.parseInt(setting("SWITCHBOARD_SIMULATE_COUNT", "20"));
        long every = Long.parseLong(setting("SWITCHBOARD_SIMULATE_EVERY_SECONDS", "4"));
        String base = "http://localhost:" + appPort;
        Map<String, JsonNode> channels = channels(base, keycloakPort);
        Random random = new Random();
        List<String> kinds = List.of("SMS", "CHAT", "FACEBOOK", "X", "EMAIL", "SMS", "CHAT");
        for (int i = 0; i < count; i++) {
            String kind = kinds.get(random.nextInt(kinds.size()));
            JsonNode channel = channels.get(kind);
            if (channel == null) {
                continue;
            }
            int order = 41_000 + random.nextInt(900);
            String text = QUESTIONS[random.nextInt(QUESTIONS.length)].formatted(order);
            int who = random.nextInt(NAMES.length);
            int status = switch (kind) {
                case "SMS" -> sms(channel, who, text);
                case "FACEBOOK" -> messenger(channel, who, text);
                case "X" -> directMessage(channel, who, text);
                case "EMAIL" -> email(channel, who, text);
                default -> chat(base, channel, who, text);
            };
            System.out.printf("[simulate] %-8s %s -> %d%n", kind, NAMES[who], status);
            Thread.sleep(every * 1000);
        }
    }

    private static int sms(JsonNode channel, int who, String text) throws Exception {
        String url = channel.get("webhookUrl").asText();
        String sid = "SM" + hex(16);
        List<Map.Entry<String, String>> params = List.of(
                Map.entry("MessageSid", sid),
                Map.entry("SmsSid", sid),
                Map.entry("AccountSid", DemoSeed.TWILIO_ACCOUNT_SID),
                Map.entry("From", "+3361234560" + who),
                Map.entry("To", DemoSeed.SMS_NUMBER),
                Map.entry("Body", text),
                Map.entry("NumMedia", "0"),
                Map.entry("NumSegments", "1"),
                Map.entry("SmsStatus", "received"),
                Map.entry("ApiVersion", "2010-04-01"));
        return post(
                url,
                "application/x-www-form-urlencoded",
                ProviderSignatures.form(params).getBytes(StandardCharsets.UTF_8),
                Map.of("X-Twilio-Signature", ProviderSignatures.twilio(DemoSeed.TWILIO_AUTH_TOKEN, url, params)));
    }

    private static int messenger(JsonNode channel, int who, String text) throws Exception {
        long now = System.currentTimeMillis();
        String body = """
                {"object":"page","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"%s"},\
                "recipient":{"id":"%s"},"timestamp":%d,"message":{"mid":"m_%s","text":%s}}]}]}""".formatted(
                        DemoSeed.FACEBOOK_PAGE_ID,
                        now,
                        "72000000000000" + who,
                        DemoSeed.FACEBOOK_PAGE_ID,
                        now,
                        hex(20),
                        JSON.writeValueAsString(text));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(
                channel.get("webhookUrl").asText(),
                "application/json",
                bytes,
                Map.of("X-Hub-Signature-256", ProviderSignatures.meta(DemoSeed.META_APP_SECRET, bytes)));
    }

    private static int directMessage(JsonNode channel, int who, String text) throws Exception {
        String sender = "91000000" + who;
        String body = """
                {"for_user_id":"%s","direct_message_events":[{"type":"message_create","id":"%d",\
                "created_timestamp":"%d","message_create":{"target":{"recipient_id":"%s"},"sender_id":"%s",\
                "message_data":{"text":%s,"entities":{"hashtags":[],"symbols":[],"user_mentions":[],"urls":[]}}}}],\
                "users":{"%s":{"id":"%s","name":%s,"screen_name":"customer%d"}}}""".formatted(
                        DemoSeed.X_USER_ID,
                        1_860_000_000_000_000_000L + new Random().nextInt(1_000_000_000),
                        System.currentTimeMillis(),
                        DemoSeed.X_USER_ID,
                        sender,
                        JSON.writeValueAsString(text),
                        sender,
                        sender,
                        JSON.writeValueAsString(NAMES[who]),
                        who);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(
                channel.get("webhookUrl").asText(),
                "application/json",
                bytes,
                Map.of("x-twitter-webhooks-signature", ProviderSignatures.x(DemoSeed.X_CONSUMER_SECRET, bytes)));
    }

    private static int email(JsonNode channel, int who, String text) throws Exception {
        String from = NAMES[who].toLowerCase().replace(' ', '.') + "@mail.example";
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        String token = hex(25);
        String messageId = hex(12) + "@mail.example";
        List<Map.Entry<String, String>> fields = List.of(
                Map.entry("Message-Id", "<" + messageId + ">"),
                Map.entry("From", NAMES[who] + " <" + from + ">"),
                Map.entry("To", "Acme Support <" + DemoSeed.SUPPORT_ADDRESS + ">"),
                Map.entry("Subject", "Question about my order"),
                Map.entry("from", NAMES[who] + " <" + from + ">"),
                Map.entry("sender", from),
                Map.entry("recipient", DemoSeed.SUPPORT_ADDRESS),
                Map.entry("subject", "Question about my order"),
                Map.entry("body-plain", text + "\n\n-- \n" + NAMES[who]),
                Map.entry("stripped-text", text),
                Map.entry("timestamp", timestamp),
                Map.entry("token", token),
                Map.entry("signature", ProviderSignatures.mailgun(DemoSeed.MAILGUN_SIGNING_KEY, timestamp, token)));
        return post(
                channel.get("webhookUrl").asText(),
                "application/x-www-form-urlencoded",
                ProviderSignatures.form(fields).getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static int chat(String base, JsonNode channel, int who, String text) throws Exception {
        String visitor = "visitor-sim-" + who;
        Map<String, String> body = new HashMap<>();
        body.put("identifier", visitor);
        body.put("identifierHash", ProviderSignatures.chatIdentity(DemoSeed.CHAT_IDENTITY_SECRET, visitor));
        body.put("name", NAMES[who]);
        body.put("text", text);
        body.put("clientMessageId", hex(12));
        return post(
                base + "/public/v1/chat/" + channel.get("key").asText() + "/conversations",
                "application/json",
                JSON.writeValueAsBytes(body),
                Map.of());
    }

    /** The demo tenant's channels by kind, as its admin (carol) lists them. */
    private static Map<String, JsonNode> channels(String base, int keycloakPort) throws Exception {
        String form = "grant_type=password&client_id=switchboard-api&client_secret=switchboard-api-demo-secret"
                + "&username=carol&password=carol-pw";
        HttpResponse<String> tokenResponse = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keycloakPort
                                + "/realms/switchboard/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (tokenResponse.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused carol's sign-in (is the local run up?): "
                    + tokenResponse.statusCode() + " " + tokenResponse.body());
        }
        String token = JSON.readTree(tokenResponse.body()).get("access_token").asText();
        Map<String, JsonNode> byKind = new HashMap<>();
        String cursor = null;
        do {
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/channels?limit=100"
                                    + (cursor == null
                                            ? ""
                                            : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException(
                        "Listing the channels failed: " + page.statusCode() + " " + page.body());
            }
            JsonNode body = JSON.readTree(page.body());
            for (JsonNode channel : body.get("items")) {
                if (channel.get("enabled").asBoolean()) {
                    byKind.putIfAbsent(channel.get("kind").asText(), channel);
                }
            }
            cursor =
                    body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
        } while (cursor != null);
        if (byKind.isEmpty()) {
            throw new IllegalStateException("The demo tenant has no channels: start the local run first");
        }
        return byKind;
    }

    private static int post(String url, String contentType, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            System.out.println("[simulate] " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new Random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
