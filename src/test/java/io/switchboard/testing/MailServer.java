package io.switchboard.testing;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** The mailboxes of the test mail server (see {@link MailServerTestResource}), read over IMAP. */
public final class MailServer {

    static final String IMAP_PORT_PROPERTY = "test.mail-server.imap-port";

    private MailServer() {}

    /** Waits until the address received a message and returns the messages of its inbox, oldest first. */
    public static List<MimeMessage> awaitInbox(String address) {
        List<MimeMessage> messages = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            messages.clear();
            messages.addAll(inbox(address));
            return !messages.isEmpty();
        });
        return messages;
    }

    /** The messages in the address's inbox now, read completely (they stay readable after the connection). */
    public static List<MimeMessage> inbox(String address) throws MessagingException {
        int port = ConfigProvider.getConfig().getValue(IMAP_PORT_PROPERTY, Integer.class);
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", port, address, "any");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<MimeMessage> copies = new ArrayList<>();
                for (jakarta.mail.Message message : inbox.getMessages()) {
                    copies.add(new MimeMessage((MimeMessage) message));
                }
                return copies;
            } finally {
                inbox.close(false);
            }
        }
    }
}
