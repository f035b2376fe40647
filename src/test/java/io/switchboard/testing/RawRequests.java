package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests written byte by byte on a socket: bodies in chunks without a Content-Length, and connections
 * from another loopback address than 127.0.0.1 (a proxy in front of the service, as the service sees it).
 */
public final class RawRequests {

    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawRequests() {}

    /**
     * Sends the head, then each chunk of the body (chunked transfer coding), and reads the answer until the server
     * closes. A server that answers and closes before the body is all sent ends the sending early.
     */
    public static Answer chunked(URL base, String from, String head, List<byte[]> chunks) throws IOException {
        try (Socket socket = connect(base, from)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (byte[] chunk : chunks) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server refused and closed; its answer was sent before
            }
            return read(socket);
        }
    }

    /** Sends the request as given, from the loopback address {@code from}, and reads the answer. */
    public static Answer send(URL base, String from, String request) throws IOException {
        try (Socket socket = connect(base, from)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return read(socket);
        }
    }

    private static Socket connect(URL base, String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static Answer read(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(received);
        } catch (IOException reset) {
            // what arrived before a reset is the answer
        }
        String raw = received.toString(StandardCharsets.UTF_8);
        int headEnd = raw.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IOException("No answer: " + raw);
        }
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(headEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
