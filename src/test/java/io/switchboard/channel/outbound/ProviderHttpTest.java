package io.switchboard.channel.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProviderHttpTest {

    @Inject
    ProviderHttp http;

    @Test
    void readsRetryAfterInSecondsAndAsADate() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), http.retryAfter(" 120 "));
        assertEquals(Optional.of(Duration.ZERO), http.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.empty(), http.retryAfter("soon"));
    }

    @Test
    void aConnectionThatCannotBeMadeIsTransient() {
        SendOutcome outcome = http.send(
                http.request("http://127.0.0.1:9/nothing")
                        .POST(ProviderHttp.form(java.util.Map.of("a", "b")))
                        .build(),
                json -> Optional.of("x"));
        assertEquals(SendOutcome.Transient.class, outcome.getClass());
    }
}
