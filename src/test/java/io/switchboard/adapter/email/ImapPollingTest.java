package io.switchboard.adapter.email;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.activation.DataHandler;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ServerSocket;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading EMAIL channels' mailboxes over IMAP, against a GreenMail server. */
@QuarkusTest
class ImapPollingTest {

    private static GreenMail greenMail;
    private static int port;

    @Inject
    Sql sql;

    @Inject
    ObjectMapper mapper;

    @Inject
    ChannelService channels;

    @Inject
    ImapMailboxPoller poller;

    private final String tenant = TestTokens.newTenant("acme");
    private final String admin = TestTokens.token(tenant, "carol", "admin");
    private final String address = "support-" + hex(4) + "@acme.example";
    private final String password = "pw-" + hex(8);
    private GreenMailUser mailbox;
    private String channelId;
    private String key;

    @BeforeAll
    static void startMailServer() throws IOException {
        port = freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
    }

    @AfterAll
    static void stopMailServer() {
        greenMail.stop();
    }

    @BeforeEach
    void connectMailbox() {
        mailbox = greenMail.setUser(address, address, password);
        var channel = createChannel(port);
        channelId = channel.get("id");
        key = channel.get("key");
    }

    @AfterEach
    void disconnectMailboxes() {
        // Nothing polls a mailbox of this class once its server is gone.
        sql.column("SELECT id FROM channel WHERE tenant_id = ?", tenant)
                .forEach(id -> given().auth()
                        .oauth2(admin)
                        .delete("/api/v1/channels/" + id)
                        .then()
                        .statusCode(204));
    }

    private Map<String, String> createChannel(int imapPort) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Support mailbox",
                        "config",
                        Map.of(
                                "address",
                                address,
                                "signingKey",
                                "key-" + hex(16),
                                "imap",
                                Map.of(
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        Integer.toString(imapPort),
                                        "username",
                                        address,
                                        "password",
                                        password,
                                        "ssl",
                                        "false"))))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
    }

    private ResolvedChannel channel() {
        return channels.resolveByKey(key).orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A message as a mail client writes it, with the Message-ID we choose. */
    private MimeMessage mail(String messageId, String subject) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setFrom(new InternetAddress("Zoe.Mueller@Example.DE", "Zoë Müller", "UTF-8"));
        message.setRecipients(Message.RecipientType.TO, address);
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new Date());
        return message;
    }

    private void deliver(MimeMessage message) throws MessagingException {
        message.saveChanges();
        mailbox.deliver(message);
    }

    private int unseenInMailbox() throws MessagingException {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", port, address, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.getUnreadMessageCount();
            } finally {
                inbox.close(false);
            }
        }
    }

    @Test
    void unseenMessagesAreStoredOnceThreadedAndFlaggedSeen() throws Exception {
        String first = "CAH" + hex(8) + "@mail.example.de";
        MimeMessage withAttachment = mail(first, "Rückerstattung für Bestellung #4711 🧾");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hallo, die Rechnung hängt an 📎. Grüße, Zoë", "UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        byte[] pdfBytes = new byte[30_000]; // binary, so sent base64-encoded as mail clients send PDFs
        ThreadLocalRandom.current().nextBytes(pdfBytes);
        pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(pdfBytes, "application/pdf")));
        pdf.setFileName("Rechnung 4711.pdf");
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        withAttachment.setContent(new MimeMultipart(text, pdf));
        deliver(withAttachment);

        String second = "reply-" + hex(8) + "@mail.example.de";
        MimeMessage reply = mail(second, "Re: Rückerstattung für Bestellung #4711 🧾");
        reply.setText("Noch eine Frage 🙋", "UTF-8");
        reply.setHeader("In-Reply-To", "<" + first + ">");
        reply.setHeader("References", "<" + first + ">");
        deliver(reply);

        String other = "new-" + hex(8) + "@mail.example.de";
        MimeMessage htmlOnly = mail(other, "Neue Frage");
        htmlOnly.setContent(
                "<html><head><style>p{color:red}</style></head><body><p>Wo ist mein Paket?</p>"
                        + "<p>Grüße &amp; Dank&nbsp;🙏</p></body></html>",
                "text/html; charset=UTF-8");
        deliver(htmlOnly);

        assertEquals(3, poller.poll(channel()));

        String conversation = (String) sql.single("SELECT conversation_id FROM message WHERE external_id = ?", first);
        assertEquals(conversation, sql.single("SELECT conversation_id FROM message WHERE external_id = ?", second));
        assertNotEquals(conversation, sql.single("SELECT conversation_id FROM message WHERE external_id = ?", other));
        assertEquals(tenant, sql.single("SELECT tenant_id FROM conversation WHERE id = ?", conversation));
        assertEquals(
                "Rückerstattung für Bestellung #4711 🧾",
                sql.single("SELECT subject FROM conversation WHERE id = ?", conversation));
        assertEquals(
                "Hallo, die Rechnung hängt an 📎. Grüße, Zoë",
                sql.single("SELECT text FROM message WHERE external_id = ?", first));
        JsonNode attachments =
                mapper.readTree((String) sql.single("SELECT attachments FROM message WHERE external_id = ?", first));
        assertEquals(1, attachments.size());
        assertEquals("Rechnung 4711.pdf", attachments.get(0).get("name").asText());
        assertEquals("application/pdf", attachments.get(0).get("contentType").asText());
        assertEquals(pdfBytes.length, attachments.get(0).get("size").asLong());
        assertEquals(
                "Wo ist mein Paket?\nGrüße & Dank 🙏",
                sql.single("SELECT text FROM message WHERE external_id = ?", other));
        assertEquals(
                "Zoë Müller",
                sql.single(
                        "SELECT k.name FROM contact k JOIN contact_identity i ON i.contact_id = k.id"
                                + " WHERE i.channel_id = ? AND i.external_id = ?",
                        channelId,
                        "zoe.mueller@example.de"));

        assertEquals(0, unseenInMailbox());
        assertEquals(0, poller.poll(channel()));
        assertEquals(3, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    @Test
    void aMessageTheRouteWebhookAlreadyDeliveredIsNotStoredAgain() throws Exception {
        String messageId = "both-" + hex(8) + "@mail.example.de";
        String signingKey = "key-" + hex(16);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("config", Map.of("signingKey", signingKey)))
                .patch("/api/v1/channels/" + channelId)
                .then()
                .statusCode(200);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String token = hex(25);
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("from", "Zoë Müller <zoe.mueller@example.de>")
                .formParam("subject", "Doppelt")
                .formParam("body-plain", "einmal")
                .formParam("Message-Id", "<" + messageId + ">")
                .formParam("timestamp", timestamp)
                .formParam("token", token)
                .formParam("signature", EmailWebhookTest.mailgunSignature(signingKey, timestamp, token))
                .post("/webhooks/email/" + key)
                .then()
                .statusCode(200);

        MimeMessage copy = mail(messageId, "Doppelt");
        copy.setText("einmal", "UTF-8");
        deliver(copy);

        assertEquals(0, poller.poll(channel()));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
        assertEquals(0, unseenInMailbox());
    }

    @Test
    void anUnreachableMailboxDoesNotStopTheOthers() throws Exception {
        // Channels are polled oldest first: the unreachable one comes before the one that works.
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/channels/" + channelId)
                .then()
                .statusCode(204);
        createChannel(freePort()); // nothing listens there
        channelId = createChannel(port).get("id");
        MimeMessage message = mail("reachable-" + hex(8) + "@mail.example.de", "Hallo");
        message.setText("Hallo 👋", "UTF-8");
        deliver(message);

        poller.pollAll();

        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
    }

    /**
     * Hostile mailboxes: one server accepts and never says a word, another sends its greeting one byte every half
     * second, so that no read ever times out. Each poll is its own task with a total budget (3 s in tests), so the
     * tenant whose mailbox works is read within the budget; the stalled mailboxes are backed off (shown in their
     * status) and not tried again at the next poll.
     */
    @Test
    void stalledMailboxesAreCutAndBackedOffWhileTheOthersAreRead() throws Exception {
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/channels/" + channelId)
                .then()
                .statusCode(204);
        try (StallingServer silent = new StallingServer(false);
                StallingServer dribbling = new StallingServer(true)) {
            String silentId = createChannel(silent.port()).get("id");
            String dribblingId = createChannel(dribbling.port()).get("id");
            channelId = createChannel(port).get("id");
            MimeMessage message = mail("patient-" + hex(8) + "@mail.example.de", "Hallo");
            message.setText("Noch da?", "UTF-8");
            deliver(message);

            long started = System.nanoTime();
            poller.pollAll();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE channel_id = ?", channelId));
            org.junit.jupiter.api.Assertions.assertTrue(
                    tookMillis < 10_000, "polling took " + tookMillis + " ms with stalled mailboxes");
            for (String stalled : new String[] {silentId, dribblingId}) {
                given().auth()
                        .oauth2(admin)
                        .get("/api/v1/channels/" + stalled + "/mailbox")
                        .then()
                        .statusCode(200)
                        .body("imapConfigured", org.hamcrest.Matchers.equalTo(true))
                        .body("failures", org.hamcrest.Matchers.equalTo(1))
                        .body("lastError", org.hamcrest.Matchers.equalTo("The mailbox's server did not answer in time"))
                        .body("nextPollAt", org.hamcrest.Matchers.notNullValue());
            }
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/channels/" + channelId + "/mailbox")
                    .then()
                    .statusCode(200)
                    .body("failures", org.hamcrest.Matchers.equalTo(0))
                    .body("lastError", org.hamcrest.Matchers.nullValue())
                    .body("lastSuccessAt", org.hamcrest.Matchers.notNullValue());

            int silentConnections = silent.connections();
            int dribblingConnections = dribbling.connections();
            poller.pollAll(); // the stalled mailboxes wait for their next try
            assertEquals(silentConnections, silent.connections());
            assertEquals(dribblingConnections, dribbling.connections());
        }
    }

    /** A server that accepts connections and either never writes or writes one byte every half second. */
    private static final class StallingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final java.util.concurrent.atomic.AtomicInteger connections =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        StallingServer(boolean dribble) throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket client = socket.accept();
                        connections.incrementAndGet();
                        accepted.add(client);
                        if (dribble) {
                            Thread.ofPlatform().daemon().start(() -> dribble(client));
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void dribble(java.net.Socket client) {
            try (var out = client.getOutputStream()) {
                for (int i = 0; i < 240; i++) {
                    out.write("* OK IMAP4rev1 ready, eventually ".charAt(i % 32));
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (IOException | InterruptedException gone) {
                // The poller cut the connection.
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (java.net.Socket client : accepted) {
                client.close();
            }
        }
    }
}
