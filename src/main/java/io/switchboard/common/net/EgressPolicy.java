package io.switchboard.common.net;

import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the service may connect on a tenant's say-so (an API channel's reply URL, an IMAP server): not into the
 * platform's own networks ({@link InternalAddresses}), unless the operator allows a range or host for an
 * on-premises install ({@code switchboard.egress.allow}). Checked twice: when a tenant configures a destination
 * (a host written as an internal address is refused at once) and right before each connection, on every address
 * the host name resolves to then (DNS can change). The connection that follows resolves the name again through the
 * JVM's address cache, which holds the answer just checked. Platform-configured destinations (providers' base URLs,
 * the SMTP relay) are trusted and do not pass here.
 */
@ApplicationScoped
public class EgressPolicy {

    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    @jakarta.inject.Inject
    public EgressPolicy(SwitchboardConfig config) {
        this(config.egress().allow().orElse(List.of()));
    }

    /** A policy allowing the given CIDRs ({@code 10.1.0.0/16}, {@code fd00::/8}) and host names. */
    public EgressPolicy(List<String> allow) {
        for (String entry : allow) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            Optional<Cidr> cidr = Cidr.parse(e);
            if (cidr.isPresent()) {
                allowedRanges.add(cidr.get());
            } else if (e.contains("/")) {
                throw new IllegalStateException("switchboard.egress.allow: '" + e + "' is not a CIDR");
            } else {
                allowedHosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Why a configured host may not be used, when it is written as an internal address; empty otherwise. */
    public Optional<String> refusalOfConfiguredHost(String host) {
        if (host == null || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return InternalAddresses.literal(host)
                .filter(address -> !allowed(address))
                .map(address -> "must not point to an internal, private or reserved address");
    }

    /** The host of an http(s) URL as a tenant wrote it ({@code [::1]} with brackets), or empty when it has none. */
    public static Optional<String> hostOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return Optional.of(uri.getHost());
            }
            // Hosts that are not valid DNS names (an underscore) leave getHost() empty; the authority still has it.
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return Optional.empty();
            }
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.indexOf(':');
            return Optional.of(colon < 0 ? hostPort : hostPort.substring(0, colon))
                    .filter(h -> !h.isEmpty());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves {@code host} and checks every address it has now, right before a connection to it.
     *
     * @throws DestinationRefused when one of them is internal and not allowed (the message does not name it)
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> checkBeforeConnecting(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(h.toLowerCase(Locale.ROOT))) {
            return List.of(InetAddress.getAllByName(h));
        }
        Optional<InetAddress> literal = InternalAddresses.literal(h);
        List<InetAddress> addresses =
                literal.isPresent() ? List.of(literal.get()) : List.of(InetAddress.getAllByName(h));
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new DestinationRefused();
            }
        }
        return addresses;
    }

    private boolean allowed(InetAddress address) {
        if (!InternalAddresses.isInternal(address)) {
            return true;
        }
        InetAddress plain = InternalAddresses.unwrapped(address);
        return allowedRanges.stream().anyMatch(range -> range.contains(plain));
    }

    /** A destination whose host is, or resolves to, an address the policy refuses. */
    public static final class DestinationRefused extends RuntimeException {
        DestinationRefused() {
            super(
                    "The destination is not allowed: it is, or resolves to, an internal, private or reserved address",
                    null,
                    false,
                    false);
        }
    }

    /** An address range. */
    public record Cidr(byte[] network, int prefix) {

        /** {@code 10.0.0.0/8}, {@code fd00::/8} or a single address; empty when it is neither. */
        public static Optional<Cidr> parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            Optional<InetAddress> parsed = address.indexOf(':') >= 0 || address.matches("[0-9.]+")
                    ? InternalAddresses.literal(address)
                    : Optional.empty();
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = InternalAddresses.unwrapped(parsed.get()).getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, prefix));
        }

        /** Whether the address (IPv4-mapped IPv6 forms unwrapped by the caller) is in the range. */
        public boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
