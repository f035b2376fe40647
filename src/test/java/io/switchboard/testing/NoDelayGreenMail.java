package io.switchboard.testing;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

/**
 * GreenMail whose SMTP server answers without Nagle's delay. GreenMail writes each SMTP reply in two segments (its
 * first character, then the rest); with Nagle's algorithm on, the second waits for the client's delayed ACK, about
 * 40 ms on Linux, so every command took that long and a message (MAIL, RCPT, DATA, the data, RSET) about 200 ms: a
 * captured broadcast showed 32 messages a second however fast the service was. A real relay answers in one segment;
 * this server does the same with {@code TCP_NODELAY} on each connection. (Its IMAP server is final and keeps Nagle.)
 */
public class NoDelayGreenMail extends GreenMail {

    public NoDelayGreenMail(ServerSetup... setups) {
        super(setups);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        Map<String, AbstractServer> services = super.createServices(config, managers);
        services.replaceAll((protocol, server) ->
                server instanceof SmtpServer ? new NoDelaySmtpServer(server.getServerSetup(), managers) : server);
        return services;
    }

    private static final class NoDelaySmtpServer extends SmtpServer {

        NoDelaySmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket client) {
            try {
                client.setTcpNoDelay(true);
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            return super.createProtocolHandler(client);
        }
    }
}
