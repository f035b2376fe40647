package io.switchboard.inbox;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** A client of GET /api/v1/stream that keeps every line it receives. */
final class LiveStream implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<InputStream>> response;
    private final Thread reader;

    LiveStream(URL streamUrl, String token) {
        response = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(streamUrl.toString()))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(response::isDone);
        // The subscription is registered once the response started; give it a moment before events are made.
        Awaitility.await()
                .pollDelay(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
    }

    /** Waits until an event of this name whose data mentions {@code id} arrived. */
    void awaitEvent(String name, String id) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hasEvent(name, id));
    }

    /** Whether an event of this name, whose data mentions {@code id}, arrived. */
    boolean hasEvent(String name, String id) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i).replace("event: ", "event:");
            if (line.equals("event:" + name)) {
                for (int j = i + 1; j < lines.size() && !lines.get(j).isEmpty(); j++) {
                    if (lines.get(j).startsWith("data") && lines.get(j).contains(id)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean mentions(String id) {
        return lines.stream().anyMatch(line -> line.contains(id));
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(response.get().body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
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
