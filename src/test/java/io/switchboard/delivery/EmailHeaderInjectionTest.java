package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.ProviderSignatures;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A customer's subject is text the customer chose, and RFC 2047 lets it decode to a line break: answered, it must
 * not add a header to our reply (a {@code Bcc} that would copy the reply to someone else).
 */
@QuarkusTest
class EmailHeaderInjectionTest extends ProviderReplyEndToEnd {

    private static final String INJECTING_SUBJECT = "=?UTF-8?Q?Hi=0ABcc:_victim@example.test?=";

    private final String address = "support-" + hex(4) + "@acme.example";
    private final String customer = "zoe-" + hex(4) + "@customer.example";
    private final String victim = "victim-" + hex(4) + "@example.test";
    private final String signingKey = "key-" + hex(16);

    @Test
    void anEncodedSubjectWithALineBreakAddsNoHeaderToTheReply() throws Exception {
        String key = channel("EMAIL", "Support mailbox", Map.of("address", address, "signingKey", signingKey))
                .get("key");
        String subject = INJECTING_SUBJECT.replace("victim@example.test", victim);
        String conversationId = mailgunForwards(key, "<CAH" + hex(12) + "@mail.customer.example>", subject);
        // Stored on one line: the inbox shows what the customer wrote, without the break.
        assertEquals(
                "Hi Bcc: " + victim,
                given().auth()
                        .oauth2(f.agent)
                        .get("/api/v1/conversations/" + conversationId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("subject"));

        String id = replies.send(conversationId, Replies.text("Hello Zoë"));
        replies.awaitStatus(conversationId, id, "SENT");

        List<MimeMessage> inbox = MailServer.awaitInbox(customer);
        assertEquals(1, inbox.size());
        List<String> headerLines = Collections.list(inbox.get(0).getAllHeaderLines());
        assertEquals(0, count(headerLines, "bcc:"), () -> String.join("\n", headerLines));
        assertEquals(1, count(headerLines, "subject:"), () -> String.join("\n", headerLines));
        assertEquals("Re: Hi Bcc: " + victim, inbox.get(0).getSubject());
        assertEquals(null, inbox.get(0).getHeader("Bcc"));
        assertTrue(MailServer.inbox(victim).isEmpty(), "nothing reached the address named in the subject");
    }

    private static long count(List<String> headerLines, String name) {
        return headerLines.stream()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name))
                .count();
    }

    /** Posts a mail as a Mailgun route forwards raw header values; returns the conversation it joined. */
    private String mailgunForwards(String key, String messageId, String subject) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("from", "Zoe <" + customer + ">"));
        fields.add(Map.entry("recipient", address));
        fields.add(Map.entry("subject", subject));
        fields.add(Map.entry("Message-Id", messageId));
        fields.add(Map.entry("stripped-text", "Hello"));
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
}
