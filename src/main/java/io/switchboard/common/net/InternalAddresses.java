package io.switchboard.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses belong to a network of the platform rather than to the internet: loopback, private ranges,
 * link-local (with the cloud metadata service 169.254.169.254), carrier-grade NAT, multicast, unspecified and
 * reserved addresses, also inside IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4). And how a host written as a number is read: every spelling that resolvers accept for IPv4 (inet_aton:
 * decimal {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short forms {@code 127.1}) and IPv6.
 */
public final class InternalAddresses {

    private InternalAddresses() {}

    /** Whether a connection to this address would reach something other than the public internet. */
    public static boolean isInternal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? isInternalV4(b) : isInternalV6(b);
    }

    private static boolean isInternalV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return a0 == 0 // "this network", 0.0.0.0 unspecified
                || a0 == 10 // private
                || a0 == 127 // loopback
                || (a0 == 100 && (a1 & 0xc0) == 64) // carrier-grade NAT 100.64/10
                || (a0 == 169 && a1 == 254) // link-local, cloud metadata
                || (a0 == 172 && (a1 & 0xf0) == 16) // private 172.16/12
                || (a0 == 192 && a1 == 168) // private
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
                || (a0 == 198 && (a1 & 0xfe) == 18) // benchmarking 198.18/15
                || a0 >= 224; // multicast 224/4, reserved 240/4, broadcast
    }

    private static boolean isInternalV6(byte[] b) {
        if (allZero(b, 0, 15)) {
            return b[15] == 0 || b[15] == 1; // :: unspecified, ::1 loopback
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isInternalV4(tail(b)); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (allZero(b, 0, 12)) {
            return isInternalV4(tail(b)); // IPv4-compatible ::a.b.c.d (deprecated)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            return isInternalV4(tail(b)); // NAT64 64:ff9b::/96
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return isInternalV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 2002::/16
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc // unique local fc00::/7
                || (first == 0xfe && (b[1] & 0xc0) == 0x80) // link-local fe80::/10
                || (first == 0xfe && (b[1] & 0xc0) == 0xc0) // site-local fec0::/10 (deprecated)
                || first == 0xff; // multicast ff00::/8
    }

    /** The host as an address when it is written as one (any spelling resolvers accept); empty for a name. */
    public static Optional<InetAddress> literal(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            if (h.indexOf(':') >= 0) {
                // IPv6 only: no lookup happens for a string containing a colon that parses as an address.
                int zone = h.indexOf('%');
                String bare = zone >= 0 ? h.substring(0, zone) : h;
                if (!bare.matches("[0-9A-Fa-f:.]+")) {
                    return Optional.empty();
                }
                return Optional.of(InetAddress.getByName(bare));
            }
            return ipv4(h).map(bytes -> {
                try {
                    return InetAddress.getByAddress(bytes);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
    static Optional<byte[]> ipv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        long lastMax = (1L << (8 * (5 - parts.length))) - 1;
        if (last > lastMax) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of(
                new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    private static Optional<Long> number(String part) {
        String p = part.toLowerCase(Locale.ROOT);
        try {
            if (p.startsWith("0x")) {
                return p.length() > 2 && p.length() <= 10 && p.substring(2).matches("[0-9a-f]+")
                        ? Optional.of(Long.parseLong(p.substring(2), 16))
                        : Optional.empty();
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return p.length() <= 12 && p.matches("[0-7]+") ? Optional.of(Long.parseLong(p, 8)) : Optional.empty();
            }
            return !p.isEmpty() && p.length() <= 10 && p.matches("[0-9]+")
                    ? Optional.of(Long.parseLong(p))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An IPv4 address inside an IPv6 one (mapped, compatible, NAT64) as that IPv4 address; others unchanged. */
    public static InetAddress unwrapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(tail(b));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tail(byte[] b) {
        return new byte[] {b[12], b[13], b[14], b[15]};
    }
}
