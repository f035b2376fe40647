package io.switchboard.inbox.live;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/** What every server-sent event stream of the service does besides its events. */
public final class ServerSentEvents {

    /** Proxies and load balancers close connections that stay quiet longer (often 30 to 60 s). */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

    private ServerSentEvents() {}

    /**
     * The events, with a comment every 25 seconds that keeps proxies from closing a quiet stream, for at most
     * {@code lifetime} (when the credential it was opened with expires; the client then connects again with a fresh
     * one); {@code onEnd} runs once the stream ended in any way.
     */
    public static Multi<OutboundSseEvent> stream(
            Sse sse, Multi<OutboundSseEvent> events, Duration lifetime, Runnable onEnd) {
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom()
                .ticks()
                .every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy()
                .merging()
                .streams(events, keepAlive)
                .select()
                .first(lifetime.isNegative() ? Duration.ZERO : lifetime)
                .onTermination()
                .invoke(onEnd);
    }
}
