package io.switchboard.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot hold connections: a client that sends part of a request and then nothing is disconnected
 * once the idle timeout passes (2 s in this test's profile, 60 s in production), whether it stalls in the headers or
 * in the body. The socket's read timeout (ten times as long) only bounds the test should the server never close.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
class SlowClientTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }
    }

    private static final int GIVE_UP_MILLIS = 20_000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aClientStallingInItsHeadersIsDisconnected() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Slow: st");
            assertClosedByServer(socket);
        }
    }

    @Test
    void aClientStallingInItsBodyIsDisconnected() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /public/v1/chat/no-such-key/messages HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"identifier\": \"vis");
            assertClosedByServer(socket);
        }
    }

    @Test
    void aCompleteRequestOnTheSameServerIsAnswered() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String answer = readToEnd(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(GIVE_UP_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String data) throws IOException {
        socket.getOutputStream().write(data.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads whatever the server answers until it closes the connection; fails if it never does. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        try {
            readToEnd(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The server kept the stalled connection open for " + GIVE_UP_MILLIS + " ms", e);
        } catch (SocketException reset) {
            // Closed with a reset: closed all the same.
        }
        assertEquals(-1, socket.getInputStream().read());
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
