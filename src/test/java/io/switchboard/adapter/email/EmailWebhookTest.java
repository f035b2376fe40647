package io.switchboard.adapter.email;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Mailgun route forwarding received email, as Mailgun documents it: the parsed fields, signed with
 * timestamp, token and signature (computed here, independently of the production code), as a form or as
 * multipart with attachments.
 */
@QuarkusTest
class EmailWebhookTest {

    private static final String ADDRESS = "support@acme.example";

    @Inject
    Sql sql;

    @Inject
    ObjectMapper mapper;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String signingKey = "key-" + hex(16);
    private String channelId;
    private String key;

    @BeforeEach
    void connectMailbox() {
        var channel = createChannel(admin, signingKey);
        channelId = channel.get("id");
        key = channel.get("key");
    }

    private static Map<String, String> createChannel(String adminToken, String signingKey) {
        return given().auth()
                .oauth2(adminToken)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Support mailbox",
                        "config",
                        Map.of("address", ADDRESS, "signingKey", signingKey)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** What Mailgun computes: hex(HMAC-SHA256(webhook signing key, timestamp + token)). */
    static String mailgunSignature(String signingKey, String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One email as a Mailgun route posts it; fields in Mailgun's order, signed for "now" with a fresh token. */
    private final class Email {
        final Map<String, String> fields = new LinkedHashMap<>();
        String path = "/webhooks/email/" + key;

        Email(String messageId, String from, String subject, String text) {
            String quoted =
                    text + "\n\nOn Mon, 2 Jun 2025 at 09:14, Acme Support <" + ADDRESS + "> wrote:\n> How can we help?";
            fields.put("Content-Type", "multipart/alternative; boundary=\"000000000000f1e2d3c4b5a6\"");
            fields.put("Date", "Mon, 2 Jun 2025 09:30:12 +0200");
            fields.put("From", from);
            fields.put("Message-Id", "<" + messageId + ">");
            fields.put("Mime-Version", "1.0");
            fields.put("Subject", subject);
            fields.put("To", "Acme Support <" + ADDRESS + ">");
            fields.put("X-Envelope-From", "<bounces+abc@mail.example.de>");
            fields.put("body-plain", quoted + "\n\n-- \nZoë Müller\nKundin seit 2019");
            fields.put("from", from);
            fields.put("recipient", ADDRESS);
            fields.put("sender", "bounces+abc@mail.example.de");
            fields.put("stripped-signature", "Zoë Müller\nKundin seit 2019");
            fields.put("stripped-text", text);
            fields.put("subject", subject);
            fields.put(
                    "message-headers",
                    "[[\"Subject\", \"" + subject + "\"], [\"Message-Id\", \"<" + messageId + ">\"]]");
            signed(now(), hex(25));
        }

        Email replyTo(String parent, String... references) {
            fields.put("In-Reply-To", "<" + parent + ">");
            fields.put(
                    "References",
                    String.join(
                            "\r\n ",
                            Stream.of(references).map(r -> "<" + r + ">").toList()));
            return this;
        }

        Email signed(long timestamp, String token) {
            fields.put("timestamp", Long.toString(timestamp));
            fields.put("token", token);
            fields.put("signature", mailgunSignature(signingKey, Long.toString(timestamp), token));
            return this;
        }

        Email set(String name, String value) {
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
            return this;
        }

        Email to(String path) {
            this.path = path;
            return this;
        }

        byte[] formBody() {
            StringBuilder body = new StringBuilder();
            fields.forEach((name, value) -> {
                if (!body.isEmpty()) {
                    body.append('&');
                }
                body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            });
            return body.toString().getBytes(StandardCharsets.US_ASCII);
        }

        ValidatableResponse post() {
            return given().contentType("application/x-www-form-urlencoded")
                    .body(new String(formBody(), StandardCharsets.US_ASCII))
                    .post(path)
                    .then();
        }

        ValidatableResponse postMultipart(List<Attachment> attachments) {
            var request = given();
            fields.forEach((name, value) -> request.multiPart(new MultiPartSpecBuilder(value)
                    .controlName(name)
                    .mimeType("text/plain")
                    .charset("UTF-8")
                    .build()));
            request.multiPart(new MultiPartSpecBuilder(Integer.toString(attachments.size()))
                    .controlName("attachment-count")
                    .mimeType("text/plain")
                    .build());
            for (int i = 0; i < attachments.size(); i++) {
                Attachment a = attachments.get(i);
                request.multiPart(new MultiPartSpecBuilder(a.content())
                        .controlName("attachment-" + (i + 1))
                        .fileName(a.name())
                        .mimeType(a.contentType())
                        .build());
            }
            return request.post(path).then();
        }
    }

    record Attachment(String name, String contentType, byte[] content) {}

    private Email email(String messageId) {
        return new Email(
                messageId,
                "\"Zoë Müller\" <Zoe.Mueller@Example.DE>",
                "Rückerstattung für Bestellung #4711 🧾",
                "Hallo, ich warte noch auf die Erstattung 💶.\nGrüße, Zoë");
    }

    private static String newMessageId() {
        return "CAH" + hex(12) + "=x+Q@mail.example.de";
    }

    private long messages() {
        return sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId);
    }

    // --- Tests -----------------------------------------------------------------------------------------------

    @Test
    void aFormPostedEmailIsStoredWithItsSenderSubjectAndThread() {
        String messageId = newMessageId();
        String conversationId = email(messageId)
                .post()
                .statusCode(200)
                .contentType("application/json")
                .body("duplicate", equalTo(false))
                .body("messageId", notNullValue())
                .extract()
                .path("conversationId");

        assertEquals(
                "Hallo, ich warte noch auf die Erstattung 💶.\nGrüße, Zoë",
                sql.single("SELECT text FROM message WHERE channel_id = ? AND external_id = ?", channelId, messageId));
        assertEquals(
                conversationId, sql.single("SELECT conversation_id FROM message WHERE external_id = ?", messageId));
        assertEquals(tenant, sql.single("SELECT tenant_id FROM message WHERE external_id = ?", messageId));
        assertEquals(tenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", conversationId));
        assertEquals(
                "email:" + messageId, sql.single("SELECT thread_key FROM conversation WHERE id = ?", conversationId));
        assertEquals(
                "Rückerstattung für Bestellung #4711 🧾",
                sql.single("SELECT subject FROM conversation WHERE id = ?", conversationId));
        assertEquals(false, sql.single("SELECT public_thread FROM conversation WHERE id = ?", conversationId));
        assertEquals(
                "zoe.mueller@example.de",
                sql.single(
                        "SELECT external_id FROM contact_identity WHERE channel_id = ? AND kind = 'EMAIL'", channelId));
        assertEquals(
                "Zoë Müller",
                sql.single(
                        "SELECT k.name FROM contact k JOIN conversation c ON c.contact_id = k.id WHERE c.id = ?",
                        conversationId));
        assertEquals(
                "zoe.mueller@example.de",
                sql.single(
                        "SELECT k.email FROM contact k JOIN conversation c ON c.contact_id = k.id WHERE c.id = ?",
                        conversationId));
        // The token is spent, for this message.
        assertEquals(messageId, sql.single("SELECT used_for FROM webhook_nonce WHERE channel_id = ?", channelId));
    }

    @Test
    void withoutStrippedTextTheWholePlainBodyIsKeptAndEncodedWordsAreDecoded() {
        String messageId = newMessageId();
        email(messageId)
                .set("stripped-text", null)
                .set("from", "=?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>")
                .set("subject", "=?UTF-8?B?wr9EZSBkw7NuZGUgZXN0w6E/IPCfmoI=?=")
                .post()
                .statusCode(200);
        assertTrue(((String) sql.single("SELECT text FROM message WHERE external_id = ?", messageId))
                .endsWith("Kundin seit 2019"));
        assertEquals(
                "José Pérez",
                sql.single(
                        "SELECT k.name FROM contact k JOIN contact_identity i ON i.contact_id = k.id"
                                + " WHERE i.channel_id = ? AND i.external_id = ?",
                        channelId,
                        "jose@example.com"));
        assertEquals(
                "¿De dónde está? 🚂",
                sql.single("SELECT c.subject FROM conversation c WHERE c.channel_id = ?", channelId));
    }

    @Test
    void aMultipartEmailRecordsItsAttachmentsButNotTheirContent() throws IOException {
        String messageId = newMessageId();
        byte[] pdf = ("%PDF-1.4\n" + "x".repeat(40_000)).getBytes(StandardCharsets.US_ASCII);
        byte[] jpeg = new byte[12_345];
        ThreadLocalRandom.current().nextBytes(jpeg);
        // Longer than the default limit of a form field, as real email bodies often are.
        String longText = "Ausführliche Beschreibung 🚚 ".repeat(400);
        email(messageId)
                .set("stripped-text", longText)
                .postMultipart(List.of(
                        new Attachment("Rechnung 4711.pdf", "application/pdf", pdf),
                        new Attachment("schaden.jpg", "image/jpeg", jpeg)))
                .statusCode(200)
                .body("duplicate", equalTo(false));

        assertEquals(longText, sql.single("SELECT text FROM message WHERE external_id = ?", messageId));
        JsonNode attachments = mapper.readTree(
                (String) sql.single("SELECT attachments FROM message WHERE external_id = ?", messageId));
        assertEquals(2, attachments.size());
        assertEquals("Rechnung 4711.pdf", attachments.get(0).get("name").asText());
        assertEquals("application/pdf", attachments.get(0).get("contentType").asText());
        assertEquals(pdf.length, attachments.get(0).get("size").asLong());
        assertTrue(attachments.get(0).get("url").isNull());
        assertEquals("schaden.jpg", attachments.get(1).get("name").asText());
        assertEquals("image/jpeg", attachments.get(1).get("contentType").asText());
        assertEquals(jpeg.length, attachments.get(1).get("size").asLong());
        assertEquals(
                "Zoë Müller",
                sql.single(
                        "SELECT k.name FROM contact k JOIN contact_identity i ON i.contact_id = k.id WHERE i.channel_id = ?",
                        channelId));

        // The uploaded files lived only as long as the request.
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-uploads");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!Files.exists(uploads)) {
                return true;
            }
            try (Stream<Path> files = Files.list(uploads)) {
                return files.findAny().isEmpty();
            }
        });
    }

    @Test
    void aThreadOfRepliesIsOneConversationAndANewThreadIsAnother() {
        String first = newMessageId();
        String second = "reply-" + newMessageId();
        String third = "reply-" + newMessageId();
        String a = email(first).post().statusCode(200).extract().path("conversationId");
        String b = email(second)
                .set("subject", "Re: Rückerstattung für Bestellung #4711 🧾")
                .replyTo(first, first)
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        String c = email(third)
                .set("stripped-text", "Danke! 🙏")
                .replyTo(second, first, second)
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(3, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", a));
        assertEquals(3L, sql.count("SELECT unread_count FROM conversation WHERE id = ?", a));

        // A reply to a message that never reached us still finds the thread through its References.
        String lateReply = "reply-" + newMessageId();
        String d = email(lateReply)
                .replyTo("never-received@mail.example.de", first, second, third, "never-received@mail.example.de")
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        assertEquals(a, d);

        // The same person writing about something else starts another conversation.
        String other = newMessageId();
        String e = email(other)
                .set("subject", "Neue Frage")
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        assertNotEquals(a, e);
        assertEquals("email:" + other, sql.single("SELECT thread_key FROM conversation WHERE id = ?", e));
        assertEquals(2, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    @Test
    void aReplyWhoseThreadNeverReachedUsStartsAConversationNamedAfterTheRoot() {
        String root = "outbound-" + newMessageId();
        String r1 = email(newMessageId())
                .replyTo(root, root)
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        String r2 = email(newMessageId())
                .replyTo(root, root)
                .post()
                .statusCode(200)
                .extract()
                .path("conversationId");
        assertEquals(r1, r2);
        assertEquals("email:" + root, sql.single("SELECT thread_key FROM conversation WHERE id = ?", r1));
    }

    @Test
    void theSameEmailDeliveredAgainIsStoredOnce() {
        Email email = email(newMessageId());
        String messageId = email.post()
                .statusCode(200)
                .body("duplicate", equalTo(false))
                .extract()
                .path("messageId");
        // Mailgun retrying the delivery (same token), then delivering it again with a fresh signature.
        email.post().statusCode(200).body("duplicate", equalTo(true)).body("messageId", equalTo(messageId));
        email.signed(now(), hex(25)).post().statusCode(200).body("duplicate", equalTo(true));
        assertEquals(1, messages());
    }

    @Test
    void concurrentCopiesOfOneEmailStoreOneRow() throws Exception {
        Email email = email(newMessageId());
        var pool = Executors.newFixedThreadPool(12);
        int fresh = 0;
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                results.add(
                        pool.submit(() -> email.post().statusCode(200).extract().<Boolean>path("duplicate")));
            }
            for (Future<Boolean> duplicate : results) {
                fresh += duplicate.get(30, TimeUnit.SECONDS) ? 0 : 1;
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fresh, "exactly one copy is reported as new");
        assertEquals(1, messages());
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE channel_id = ?", channelId));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
    }

    @Test
    void aTokenUsedForAnotherMessageIsAReplay() {
        String token = hex(25);
        long timestamp = now();
        email(newMessageId()).signed(timestamp, token).post().statusCode(200);
        String forged = newMessageId();
        email(forged)
                .set("stripped-text", "Bitte überweisen Sie an IBAN …")
                .signed(timestamp, token)
                .post()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Mailgun-Signature"));
        assertEquals(1, messages());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM message WHERE external_id = ?", forged));
    }

    @Test
    void aStaleOrFutureTimestampIsRefused() {
        email(newMessageId())
                .signed(now() - Duration.ofMinutes(6).toSeconds(), hex(25))
                .post()
                .statusCode(401)
                .contentType("application/problem+json");
        email(newMessageId())
                .signed(now() + Duration.ofMinutes(6).toSeconds(), hex(25))
                .post()
                .statusCode(401);
        email(newMessageId())
                .signed(now() - Duration.ofMinutes(4).toSeconds(), hex(25))
                .post()
                .statusCode(200);
        assertEquals(1, messages());
    }

    @Test
    void aTamperedOrMissingSignatureIsRefusedAndNothingIsStored() {
        Email email = email(newMessageId());
        String signature = email.fields.get("signature");
        email.set("signature", (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1))
                .post()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        // A genuine signature moved onto another token.
        email.set("signature", signature).set("token", hex(25)).post().statusCode(401);
        // Signed with another key.
        email.signed(now(), hex(25))
                .set(
                        "signature",
                        mailgunSignature("key-" + hex(16), email.fields.get("timestamp"), email.fields.get("token")))
                .post()
                .statusCode(401);
        email.set("signature", "not hex").post().statusCode(401);
        email.set("signature", null).post().statusCode(401);
        email.signed(now(), hex(25)).set("token", null).post().statusCode(401);
        email.signed(now(), hex(25)).set("timestamp", null).post().statusCode(401);
        assertEquals(0, messages());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM webhook_nonce WHERE channel_id = ?", channelId));
    }

    @Test
    void anEmailWithoutMessageIdOrSenderIsABadRequest() {
        email(newMessageId())
                .set("Message-Id", null)
                .set("message-headers", null)
                .post()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Message-Id"));
        email(newMessageId())
                .set("from", null)
                .set("From", null)
                .set("sender", "")
                .post()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
        assertEquals(0, messages());
    }

    @Test
    void theEnvelopeSenderStandsInForAMissingFromHeader() {
        String messageId = newMessageId();
        email(messageId).set("from", null).set("From", null).post().statusCode(200);
        assertEquals(
                "bounces+abc@mail.example.de",
                sql.single("SELECT external_id FROM contact_identity WHERE channel_id = ?", channelId));
    }

    @Test
    void unknownDisabledAndOtherKindsOfChannelAreNotFound() {
        email(newMessageId())
                .to("/webhooks/email/no-such-key")
                .post()
                .statusCode(404)
                .contentType("application/problem+json");
        String apiKey = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", "CRM"))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        email(newMessageId()).to("/webhooks/email/" + apiKey).post().statusCode(404);

        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("enabled", false))
                .patch("/api/v1/channels/" + channelId)
                .then()
                .statusCode(200);
        email(newMessageId()).post().statusCode(404);
        email(newMessageId()).postMultipart(List.of()).statusCode(404);
        assertEquals(0, messages());
    }

    @Test
    void theSameEmailSentToTwoTenantsIsAConversationInEachTenantOnly() {
        String otherTenant = TestTokens.newTenant("globex");
        String otherKey = "key-" + hex(16);
        var other = createChannel(TestTokens.token(otherTenant, "gina", "admin"), otherKey);
        String messageId = newMessageId();

        String mine = email(messageId).post().statusCode(200).extract().path("conversationId");
        Email toOther = email(messageId).to("/webhooks/email/" + other.get("key"));
        // Signed with our key, it does not open the other tenant's channel.
        toOther.post().statusCode(401);
        toOther.fields.put(
                "signature", mailgunSignature(otherKey, toOther.fields.get("timestamp"), toOther.fields.get("token")));
        String theirs = toOther.post()
                .statusCode(200)
                .body("duplicate", equalTo(false))
                .extract()
                .path("conversationId");

        assertNotEquals(mine, theirs);
        assertEquals(tenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", mine));
        assertEquals(otherTenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", theirs));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE tenant_id = ?", tenant));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE tenant_id = ?", otherTenant));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", tenant));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", otherTenant));
    }
}
