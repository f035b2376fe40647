package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An authoritative DNS server on a loopback UDP port that answers TXT queries (RFC 1035) from records the tests
 * set, so that the service's real resolver is exercised end to end: a known name gets its TXT records, an unknown
 * one NXDOMAIN, a name marked silent no answer at all (a resolver's timeout).
 */
public final class DnsServer implements AutoCloseable {

    private static final int TYPE_TXT = 16;

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    public DnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "dns-server-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Publishes (replaces) the TXT records of {@code name}. */
    public void txt(String name, String... values) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(values));
    }

    /** Publishes the TXT records of {@code name} and answers queries for it again after {@link #silence}. */
    public void answer(String name, String... values) {
        txt(name, values);
        silent.remove(name.toLowerCase(Locale.ROOT));
    }

    /** Queries for {@code name} get no answer. */
    public void silence(String name) {
        silent.add(name.toLowerCase(Locale.ROOT));
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = answer(query.getData(), query.getLength());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                // Closed, or a malformed query: serve the next one.
            }
        }
    }

    private byte[] answer(byte[] q, int length) throws IOException {
        if (length < 12) {
            return null;
        }
        // The question: labels up to the zero octet, then type and class.
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q[pos] != 0) {
            int label = q[pos] & 0xff;
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, label, StandardCharsets.US_ASCII));
            pos += 1 + label;
        }
        int questionEnd = pos + 5;
        int type = ((q[pos + 1] & 0xff) << 8) | (q[pos + 2] & 0xff);
        String key = name.toString().toLowerCase(Locale.ROOT);
        if (silent.contains(key)) {
            return null;
        }
        List<String> values = type == TYPE_TXT ? txt.get(key) : null;
        boolean exists = txt.containsKey(key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]); // id
        out.write(q[1]);
        out.write(0x84 | (q[2] & 0x01)); // response, authoritative, recursion desired as asked
        out.write(exists ? 0x00 : 0x03); // NOERROR or NXDOMAIN
        out.write(new byte[] {0, 1}); // one question
        int answers = values == null ? 0 : values.size();
        out.write(new byte[] {(byte) (answers >> 8), (byte) answers, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        for (int i = 0; i < answers; i++) {
            byte[] text = values.get(i).getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] {(byte) 0xc0, 12}); // the name, by pointer to the question
            out.write(new byte[] {0, TYPE_TXT, 0, 1, 0, 0, 0, 60}); // TXT, IN, TTL 60 s
            int chunks = (text.length + 254) / 255;
            int rdLength = text.length + Math.max(1, chunks);
            out.write(new byte[] {(byte) (rdLength >> 8), (byte) rdLength});
            if (text.length == 0) {
                out.write(0);
            }
            for (int offset = 0; offset < text.length; offset += 255) {
                int n = Math.min(255, text.length - offset);
                out.write(n);
                out.write(text, offset, n);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
