package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.ProviderSignatures;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Email replies end to end: the customer's mail arrives through a signed Mailgun route, an agent answers through
 * the API, the dispatcher sends it over SMTP (GreenMail) threaded under the customer's mail, and the customer's
 * mail client's answer to it, read back from the mailbox, lands in the same conversation.
 */
@QuarkusTest
class EmailRepliesEndToEndTest extends ProviderReplyEndToEnd {

    private final String address = "support-" + hex(4) + "@acme.example";
    private final String customer = "zoe-" + hex(4) + "@customer.example";
    private final String signingKey = "key-" + hex(16);
    private String key;

    @BeforeEach
    void connectMailbox() {
        key = channel("EMAIL", "Support mailbox", Map.of("address", address, "signingKey", signingKey))
                .get("key");
    }

    /** Posts a mail as a Mailgun route forwards it; returns the conversation it joined. */
    private String mailgunForwards(String messageId, String inReplyTo, String subject, String text) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("from", "Zoë Müller <" + customer + ">"));
        fields.add(Map.entry("sender", customer));
        fields.add(Map.entry("recipient", address));
        fields.add(Map.entry("subject", subject));
        fields.add(Map.entry("Message-Id", "<" + messageId + ">"));
        if (inReplyTo != null) {
            fields.add(Map.entry("In-Reply-To", inReplyTo));
        }
        fields.add(Map.entry("body-plain", text + "\n\n-- \nZoë"));
        fields.add(Map.entry("stripped-text", text));
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String token = hex(25);
        fields.add(Map.entry("timestamp", timestamp));
        fields.add(Map.entry("token", token));
        fields.add(Map.entry("signature", ProviderSignatures.mailgun(signingKey, timestamp, token)));
        return given().contentType("application/x-www-form-urlencoded")
                .body(ProviderSignatures.form(fields))
                .post("/webhooks/email/" + key)
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
    }

    private static String newMessageId() {
        return "CAH" + hex(12) + "=x+Q@mail.customer.example";
    }

    @Test
    void aReplyIsMailedInTheCustomersThreadAndTheirAnswerJoinsTheConversation() throws Exception {
        String first = newMessageId();
        String conversationId = mailgunForwards(first, null, "Erstattung für Bestellung #4711", "Wo bleibt mein Geld?");

        String id = replies.send(conversationId, Replies.text("Die Erstattung ist unterwegs 💶"));
        replies.awaitStatus(conversationId, id, "SENT");

        List<MimeMessage> inbox = MailServer.awaitInbox(customer);
        assertEquals(1, inbox.size());
        MimeMessage mail = inbox.get(0);
        String deliveryId = (String) sql.single("SELECT id FROM delivery WHERE message_id = ?", id);
        String ours = deliveryId + "@acme.example";
        assertEquals("<" + ours + ">", mail.getHeader("Message-ID", null));
        assertEquals("<" + first + ">", mail.getHeader("In-Reply-To", null));
        assertEquals("<" + first + ">", mail.getHeader("References", null));
        assertEquals("Re: Erstattung für Bestellung #4711", mail.getSubject());
        assertArrayEquals(new InternetAddress[] {new InternetAddress(address)}, mail.getFrom());
        assertEquals(customer, mail.getRecipients(RecipientType.TO)[0].toString());
        assertTrue(mail.getContent().toString().contains("Die Erstattung ist unterwegs 💶"));
        replies.message(conversationId, id).body("externalId", Matchers.equalTo(ours));

        // The customer's mail client answers the mail it received: In-Reply-To names our Message-ID, nothing else
        // ties it to the thread.
        String answer = newMessageId();
        String answerConversation = mailgunForwards(
                answer, mail.getHeader("Message-ID", null), "Re: Erstattung für Bestellung #4711", "Danke!");
        assertEquals(conversationId, answerConversation);

        // The next reply answers the customer's latest mail and carries the whole thread.
        String next = replies.send(conversationId, Replies.text("Gern geschehen"));
        replies.awaitStatus(conversationId, next, "SENT");
        Awaitility.await().until(() -> MailServer.inbox(customer).size() == 2);
        MimeMessage second = MailServer.inbox(customer).get(1);
        assertEquals("<" + answer + ">", second.getHeader("In-Reply-To", null));
        assertEquals("<" + first + "> <" + ours + "> <" + answer + ">", second.getHeader("References", null));
        assertEquals("Re: Erstattung für Bestellung #4711", second.getSubject());
    }
}
