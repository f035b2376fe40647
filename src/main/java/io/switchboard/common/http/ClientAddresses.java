package io.switchboard.common.http;

import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.net.EgressPolicy.Cidr;
import io.switchboard.common.net.InternalAddresses;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client behind a request: the connection's peer, unless that peer is one of
 * {@code switchboard.limits.trusted-proxies}; then the right-most address of {@code X-Forwarded-For} that is not a
 * trusted proxy (each proxy appends the peer it saw, so addresses left of the last untrusted one may be forged).
 */
@ApplicationScoped
public class ClientAddresses {

    private final List<Cidr> trustedProxies;

    @Inject
    public ClientAddresses(SwitchboardConfig config) {
        this(config.limits().trustedProxies().orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream()
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Cidr.parse(entry)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "switchboard.limits.trusted-proxies: not an address or CIDR: " + entry)))
                .toList();
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? "unknown" : remote.hostAddress();
        if (trustedProxies.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                Optional<InetAddress> address = InternalAddresses.literal(hop);
                if (address.isEmpty()) {
                    return client; // not an address: what is left of it cannot be trusted either
                }
                client = address.get().getHostAddress();
                if (!trusted(client)) {
                    return client;
                }
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        Optional<InetAddress> parsed = InternalAddresses.literal(address);
        if (parsed.isEmpty()) {
            return false;
        }
        InetAddress unwrapped = InternalAddresses.unwrapped(parsed.get());
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(unwrapped));
    }
}
