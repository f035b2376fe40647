package io.switchboard.adapter.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PostPublishers;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.Posts;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Email broadcasts through the platform mailer to a real SMTP server (GreenMail), read back over IMAP. */
@QuarkusTest
class EmailBroadcastPublisherTest {

    @Inject
    PostPublishers publishers;

    private final String address = "news-" + hex(4) + "@Acme.example";
    private final String customer = "zoe-" + hex(4) + "@customer.example";
    private final ResolvedChannel channel = new ResolvedChannel(
            Ids.newId(),
            "acme",
            ChannelKind.EMAIL,
            "key-" + hex(8),
            Map.of("address", address),
            Map.of("signingKey", "k"));

    private EmailBroadcastPublisher publisher() {
        return (EmailBroadcastPublisher) publishers.forKind(ChannelKind.EMAIL).orElseThrow();
    }

    @Test
    void eachRecipientGetsAMessageFromTheChannelWithAStableMessageIdAndNoInReplyTo() throws Exception {
        String deliveryId = Ids.newId();
        OutboundPost post = Posts.post("Our autumn sale starts on Monday 🍂")
                .subject("Autumn sale – 20 % off")
                .to(customer)
                .named("Zoë Müller")
                .delivery(deliveryId)
                .medium("https://files.acme.example/catalogue.pdf", "application/pdf", "catalogue.pdf")
                .build();

        SendOutcome outcome = publisher().publish(channel, post);

        assertEquals(new SendOutcome.Sent(deliveryId + "@acme.example"), outcome);
        List<MimeMessage> inbox = MailServer.awaitInbox(customer);
        assertEquals(1, inbox.size());
        MimeMessage mail = inbox.get(0);
        assertEquals("<" + deliveryId + "@acme.example>", mail.getHeader("Message-ID", null));
        assertNull(mail.getHeader("In-Reply-To"));
        assertNull(mail.getHeader("References"));
        assertEquals("Autumn sale – 20 % off", mail.getSubject());
        assertArrayEquals(new InternetAddress[] {new InternetAddress(address)}, mail.getFrom());
        InternetAddress to = (InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0];
        assertEquals(customer, to.getAddress());
        assertEquals("Zoë Müller", to.getPersonal());
        String body = mail.getContent().toString();
        assertTrue(body.contains("Our autumn sale starts on Monday 🍂"), body);
        assertTrue(body.contains("catalogue.pdf: https://files.acme.example/catalogue.pdf"), body);
    }

    @Test
    void aRetryOfTheSameDeliveryCarriesTheSameMessageId() throws Exception {
        OutboundPost post =
                Posts.post("Reminder").subject("Reminder").to(customer).build();
        assertEquals(publisher().publish(channel, post), publisher().publish(channel, post));
        Awaitility.await().until(() -> MailServer.inbox(customer).size() == 2);
        List<MimeMessage> inbox = MailServer.inbox(customer);
        assertEquals(inbox.get(0).getHeader("Message-ID", null), inbox.get(1).getHeader("Message-ID", null));
    }

    @Test
    void aRecipientThatIsNotAnAddressIsAProblem() {
        assertEquals(
                List.of("'not an address' is not an email address"),
                publisher()
                        .problems(
                                channel,
                                Posts.post("Hi")
                                        .subject("Hi")
                                        .to("not an address")
                                        .build()));
        assertEquals(
                List.of(),
                publisher()
                        .problems(
                                channel,
                                Posts.post("Hi").subject("Hi").to(customer).build()));
    }

    @Test
    void aBroadcastNeedsOneLineOfSubjectAndSomethingToSay() {
        EmailBroadcastPublisher publisher = publisher();
        assertEquals(PostPublisher.Mode.BROADCAST, publisher.mode());
        assertEquals(
                List.of(),
                publisher.problems(
                        channel, Posts.post("Hi").subject("News").validating().build()));
        assertEquals(
                List.of("An email broadcast needs a subject"),
                publisher.problems(
                        channel, Posts.post("Hi").subject("  ").validating().build()));
        assertEquals(
                List.of("An email broadcast needs a subject"),
                publisher.problems(channel, Posts.post("Hi").validating().build()));
        assertEquals(
                List.of("An email subject must be one line (no line breaks)"),
                publisher.problems(
                        channel,
                        Posts.post("Hi")
                                .subject("News\r\nBcc: x@evil.example")
                                .validating()
                                .build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel,
                        Posts.post("Hi").subject("s".repeat(998)).validating().build()));
        assertEquals(
                List.of("An email subject can have at most 998 characters; this one has 999"),
                publisher.problems(
                        channel,
                        Posts.post("Hi").subject("s".repeat(999)).validating().build()));
        assertEquals(
                List.of("An email broadcast needs text or at least one medium"),
                publisher.problems(
                        channel, Posts.post(" ").subject("News").validating().build()));
        assertEquals(
                List.of(),
                publisher.problems(
                        channel,
                        Posts.post(null)
                                .subject("News")
                                .medium("https://files.acme.example/n.pdf", null, "n.pdf")
                                .validating()
                                .build()));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
