package io.switchboard.adapter.email;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.Replies;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Replies by email through the platform mailer to a real SMTP server (GreenMail), read back over IMAP as the
 * customer's mail client would see them; and the customer's answer, received through the Mailgun route, joins
 * the conversation.
 */
@QuarkusTest
class EmailReplySenderTest {

    @Inject
    ReplySenders senders;

    @Inject
    ChannelService channels;

    @Inject
    Sql sql;

    private final String address = "support-" + hex(4) + "@Acme.example";
    private final String customer = "zoe-" + hex(4) + "@customer.example";

    private EmailReplySender sender() {
        return (EmailReplySender) senders.forKind(ChannelKind.EMAIL).orElseThrow();
    }

    private ResolvedChannel channel() {
        return new ResolvedChannel(
                Ids.newId(),
                "acme",
                ChannelKind.EMAIL,
                "key-" + hex(8),
                Map.of("address", address),
                Map.of("signingKey", "key"));
    }

    @Test
    void theReplyThreadsUnderTheCustomersMessage() throws Exception {
        String deliveryId = Ids.newId();
        var reply = Replies.reply("Your refund is on its way 💶")
                .to(customer)
                .delivery(deliveryId, Ids.newId())
                .subject("Refund for order #4711")
                .answering(
                        "CAH2=x+Q@mail.customer.example",
                        "root-1@mail.customer.example",
                        deliveryId + "-earlier@acme.example",
                        "sha256:" + "ab".repeat(32),
                        "CAH2=x+Q@mail.customer.example")
                .attachment("https://files.acme.example/refund.pdf", "application/pdf", "refund.pdf")
                .build();

        SendOutcome outcome = sender().send(channel(), reply);

        assertEquals(new SendOutcome.Sent(deliveryId + "@acme.example"), outcome);
        List<MimeMessage> inbox = MailServer.awaitInbox(customer);
        assertEquals(1, inbox.size());
        MimeMessage mail = inbox.get(0);
        assertEquals("<" + deliveryId + "@acme.example>", mail.getHeader("Message-ID", null));
        assertEquals("<CAH2=x+Q@mail.customer.example>", mail.getHeader("In-Reply-To", null));
        assertEquals(
                "<root-1@mail.customer.example> <" + deliveryId
                        + "-earlier@acme.example> <CAH2=x+Q@mail.customer.example>",
                mail.getHeader("References", null));
        assertEquals("Re: Refund for order #4711", mail.getSubject());
        assertArrayEquals(new InternetAddress[] {new InternetAddress(address)}, mail.getFrom());
        assertEquals(customer, mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString());
        String body = mail.getContent().toString();
        assertTrue(body.contains("Your refund is on its way 💶"), body);
        assertTrue(body.contains("refund.pdf: https://files.acme.example/refund.pdf"), body);
    }

    @Test
    void aRetryOfTheSameDeliverySendsTheSameMessageId() throws Exception {
        String deliveryId = Ids.newId();
        var reply = Replies.reply("Hello again")
                .to(customer)
                .delivery(deliveryId, Ids.newId())
                .build();
        assertEquals(sender().send(channel(), reply), sender().send(channel(), reply));
        List<MimeMessage> inbox = MailServer.awaitInbox(customer);
        org.awaitility.Awaitility.await().until(() -> MailServer.inbox(customer).size() == 2);
        inbox = MailServer.inbox(customer);
        assertEquals(inbox.get(0).getHeader("Message-ID", null), inbox.get(1).getHeader("Message-ID", null));
        assertEquals(null, inbox.get(0).getSubject(), "no subject in the conversation, none invented");
    }

    @Test
    void theCustomersAnswerToOurReplyJoinsTheConversation() throws Exception {
        String tenant = TestTokens.newTenant("acme");
        String admin = TestTokens.token(tenant, "carol", "admin");
        String signingKey = "key-" + hex(16);
        String key = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Support",
                        "config",
                        Map.of("address", address, "signingKey", signingKey)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        ResolvedChannel channel = channels.resolveByKey(key).orElseThrow();
        // The customer writes first.
        String first = "first-" + hex(6) + "@mail.customer.example";
        String conversationId = mailgun(key, signingKey, first, null, "Refund for order #4711", "Where is my refund?");

        // We answer; the outbox would record the provider id on the reply's message.
        String deliveryId = Ids.newId();
        String messageId = Ids.newId();
        var outcome = (SendOutcome.Sent) sender().send(
                        channel,
                        Replies.reply("It is on its way")
                                .to(customer)
                                .delivery(deliveryId, messageId)
                                .subject("Refund for order #4711")
                                .answering(first, first)
                                .build());
        Instant now = Instant.now();
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, external_id,"
                        + " delivery_status, created_at, received_at) VALUES (?, ?, ?, ?, 'OUTBOUND', ?, ?, 'SENT', ?, ?)",
                messageId,
                tenant,
                conversationId,
                channel.id(),
                "It is on its way",
                outcome.providerId(),
                UtcColumns.toColumn(now),
                UtcColumns.toColumn(now));

        // The customer's mail client answers our message: In-Reply-To is the Message-ID it received. Without
        // References, only the stored provider id can place it.
        String sentMessageId = MailServer.awaitInbox(customer).get(0).getHeader("Message-ID", null);
        String answer = "answer-" + hex(6) + "@mail.customer.example";
        String answerConversation = mailgun(key, signingKey, answer, sentMessageId, "Re: Refund", "Thanks!");

        assertEquals(conversationId, answerConversation);
        assertNotEquals(
                0L,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND external_id = ?",
                        conversationId,
                        answer));
    }

    @Test
    void subjectsGetOneReplyPrefix() {
        assertEquals("Re: Parcel", EmailReplySender.subject("Parcel"));
        assertEquals("Re: Parcel", EmailReplySender.subject(" Re: Parcel "));
        assertEquals("AW: Paket", EmailReplySender.subject("AW: Paket"));
        assertEquals("Re: Reisen", EmailReplySender.subject("Reisen"));
        assertEquals(null, EmailReplySender.subject("  "));
        assertEquals("Re: Hi Bcc: victim@example.test", EmailReplySender.subject("Hi\r\nBcc: victim@example.test"));
    }

    @Test
    void aSubjectStoredWithALineBreakIsSentOnOneLine() throws Exception {
        // Conversations stored before inbound subjects were made single-line may still hold a break.
        var reply = Replies.reply("Hello")
                .to(customer)
                .delivery(Ids.newId(), Ids.newId())
                .subject("Hi\nBcc: victim@example.test")
                .build();

        assertTrue(sender().send(channel(), reply) instanceof SendOutcome.Sent);

        MimeMessage mail = MailServer.awaitInbox(customer).get(0);
        List<String> lines = java.util.Collections.list(mail.getAllHeaderLines());
        assertEquals(
                1,
                lines.stream()
                        .filter(l -> l.regionMatches(true, 0, "Subject:", 0, 8))
                        .count(),
                lines::toString);
        assertTrue(lines.stream().noneMatch(l -> l.regionMatches(true, 0, "Bcc:", 0, 4)), lines::toString);
        assertEquals("Re: Hi Bcc: victim@example.test", mail.getSubject());
    }

    @Test
    void longReferencesKeepTheRootAndTheLatest() {
        String[] ids = new String[60];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "message-" + i + "-" + "x".repeat(20) + "@mail.example";
        }
        String references = EmailReplySender.references(
                        Replies.reply("x").answering(ids[59], ids).build())
                .orElseThrow();
        assertTrue(references.length() <= EmailReplySender.MAX_REFERENCES_LENGTH, references);
        assertTrue(references.startsWith("<" + ids[0] + "> <message-"), references);
        assertTrue(references.endsWith("<" + ids[58] + "> <" + ids[59] + ">"), references);
    }

    @Test
    void refusesWhatCannotBeMailed() {
        Instant now = Instant.now();
        assertTrue(
                sender().refusal(Replies.reply(" ").to(customer).build(), now).isPresent());
        assertTrue(sender().refusal(Replies.reply("Hi").to("not an address").build(), now)
                .isPresent());
        assertEquals(
                Optional.empty(),
                sender().refusal(Replies.reply("Hi").to(customer).build(), now));
    }

    /** Posts an email as a Mailgun route does; returns the id of the conversation it joined. */
    private static String mailgun(
            String key, String signingKey, String messageId, String inReplyTo, String subject, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", "Zoë Müller <zoe@customer.example>");
        fields.put("recipient", "support@acme.example");
        fields.put("subject", subject);
        fields.put("Message-Id", "<" + messageId + ">");
        if (inReplyTo != null) {
            fields.put("In-Reply-To", inReplyTo);
        }
        fields.put("stripped-text", text);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String token = hex(25);
        fields.put("timestamp", timestamp);
        fields.put("token", token);
        fields.put("signature", EmailWebhookTest.mailgunSignature(signingKey, timestamp, token));
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return given().contentType("application/x-www-form-urlencoded")
                .body(body.toString())
                .post("/webhooks/email/" + key)
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
