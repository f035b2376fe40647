package io.switchboard.testing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** Listens to a server-sent event stream in the background and keeps every line it received. */
public final class SseClient implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<InputStream>> response;
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
    }

    /** Connects with a bearer token and waits until the server answered with 200 and the subscription is in place. */
    public static SseClient connect(String url, String token) {
        return connect(url, Map.of("Authorization", "Bearer " + token));
    }

    /** Connects with these request headers and waits until the server answered with 200. */
    public static SseClient connect(String url, Map<String, String> headers) {
        SseClient client = new SseClient(url, headers);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(client.response::isDone);
        int status = client.response.join().statusCode();
        if (status != 200) {
            throw new AssertionError("The stream answered " + status);
        }
        return client;
    }

    public List<String> lines() {
        return lines;
    }

    public boolean saw(String... fragments) {
        return lines.stream().anyMatch(line -> {
            for (String fragment : fragments) {
                if (!line.contains(fragment)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until an event of this name whose data mentions {@code id} arrived. */
    public void awaitEvent(String name, String id) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(name, id));
    }

    /** Whether an event of this name, whose data mentions {@code id}, arrived. */
    public boolean hasEvent(String name, String id) {
        return countEvents(name, id) > 0;
    }

    /** How many events of this name, whose data mentions {@code id}, arrived. */
    public int countEvents(String name, String id) {
        List<String> received = List.copyOf(lines);
        int count = 0;
        for (int i = 0; i + 1 < received.size(); i++) {
            String line = received.get(i).replace("event: ", "event:");
            if (line.equals("event:" + name)) {
                for (int j = i + 1; j < received.size() && !received.get(j).isEmpty(); j++) {
                    if (received.get(j).startsWith("data") && received.get(j).contains(id)) {
                        count++;
                        break;
                    }
                }
            }
        }
        return count;
    }

    /** One message of the stream: its id, event name and data; a field it did not carry is null. */
    public record Message(String id, String name, String data) {}

    /** The messages received whole so far (comment-only ones, such as keep-alives, left out), in order. */
    public List<Message> messages() {
        List<Message> messages = new java.util.ArrayList<>();
        String id = null;
        String name = null;
        StringBuilder data = null;
        for (String line : List.copyOf(lines)) {
            if (line.isEmpty()) {
                if (id != null || name != null || data != null) {
                    messages.add(new Message(id, name, data == null ? null : data.toString()));
                }
                id = null;
                name = null;
                data = null;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // A comment or another field.
                }
            }
        }
        return messages;
    }

    /** The id of the last message received whole (what a client sends back in Last-Event-ID), if any. */
    public String lastId() {
        String last = null;
        for (Message message : messages()) {
            if (message.id() != null) {
                last = message.id();
            }
        }
        return last;
    }

    /** Whether the server ended the stream (the body was read to its end, not closed by the test). */
    public boolean ended() {
        return ended;
    }

    /** Whether any line of the stream mentions {@code text}. */
    public boolean mentions(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(response.get().body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            ended = true;
        } catch (Exception e) {
            // The stream ends when the test closes it.
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> {
            try {
                r.body().close();
            } catch (java.io.IOException ignored) {
                // Closing is best effort.
            }
        });
        reader.interrupt();
    }
}
