package io.switchboard.adapter.email;

import io.switchboard.channel.ResolvedChannel;
import java.util.Optional;

/** Where an EMAIL channel's mailbox is read over IMAP (its {@code imap.*} settings). */
record ImapMailbox(String host, int port, String username, String password, String folder, boolean ssl) {

    /** The channel's mailbox, when its IMAP settings are complete enough to connect. */
    static Optional<ImapMailbox> of(ResolvedChannel channel) {
        String host = channel.setting("imap.host");
        String username = channel.setting("imap.username");
        String password = channel.secret("imap.password");
        if (host == null || username == null || password == null) {
            return Optional.empty();
        }
        boolean ssl = !"false".equals(channel.setting("imap.ssl"));
        String port = channel.setting("imap.port");
        String folder = channel.setting("imap.folder");
        return Optional.of(new ImapMailbox(
                host,
                port == null ? (ssl ? 993 : 143) : Integer.parseInt(port),
                username,
                password,
                folder == null ? "INBOX" : folder,
                ssl));
    }

    String protocol() {
        return ssl ? "imaps" : "imap";
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port + "/" + folder; // never the password
    }
}
