package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.SocketException;
import java.util.Map;

/** The DNS server the service's TXT look-ups (email domain verification) ask in tests: {@link #server()}. */
public class DnsServerTestResource implements QuarkusTestResourceLifecycleManager {

    private static DnsServer server;

    public static DnsServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new DnsServer();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "switchboard.email.dns-servers",
                "127.0.0.1:" + server.port(),
                "switchboard.email.dns-timeout",
                "1500ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
