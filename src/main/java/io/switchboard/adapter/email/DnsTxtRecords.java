package io.switchboard.adapter.email;

import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * TXT look-ups with dnsjava, against the configured servers ({@code switchboard.email.dns-servers}) or the system's
 * resolvers, without a cache: a record the tenant just published is seen as soon as DNS serves it. A record's
 * character strings are joined into one value, as SPF and domain-verification records are read.
 */
@ApplicationScoped
public class DnsTxtRecords implements TxtRecords {

    private final Resolver resolver;

    public DnsTxtRecords(SwitchboardConfig config) throws UnknownHostException {
        List<String> servers = config.email().dnsServers().orElse(List.of());
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (String server : servers) {
                each.add(new SimpleResolver(address(server.trim())));
            }
            resolver = new ExtendedResolver(each);
        }
        resolver.setTimeout(config.email().dnsTimeout());
        this.resolver = resolver;
    }

    @Override
    public List<String> lookup(String name) {
        Lookup lookup;
        try {
            // Absolute: no search domain of the host is appended.
            lookup = new Lookup(Name.fromString(name, Name.root), Type.TXT);
        } catch (TextParseException e) {
            return List.of();
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<String> values = new ArrayList<>();
                for (Record r : records) {
                    if (r instanceof TXTRecord txt) {
                        values.add(String.join("", txt.getStrings()));
                    }
                }
                yield values;
            }
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> List.of();
            default -> throw new LookupFailed("DNS did not answer for " + name + ": " + lookup.getErrorString(), null);
        };
    }

    private static InetSocketAddress address(String server) {
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(':') == colon) {
            return new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
        }
        return new InetSocketAddress(server, 53);
    }
}
