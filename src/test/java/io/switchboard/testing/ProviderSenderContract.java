package io.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.switchboard.channel.outbound.SendOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP provider adapter must make of its provider's answers, against {@link ProviderApis}: a server
 * error, a timeout and a rate limit are transient (the rate limit with its wait), a refused request is permanent
 * and says what the provider said. Subclasses name their endpoint, their standard reply and their provider's
 * error body; stubs match what is unique to the test instance and are removed after each test.
 */
public abstract class ProviderSenderContract {

    protected final WireMock wireMock = ProviderApis.wireMock();
    private final List<StubMapping> stubs = new ArrayList<>();

    /** The request the standard reply of this test instance makes. */
    protected abstract MappingBuilder endpoint();

    /** Sends the standard reply. */
    protected abstract SendOutcome send();

    /** A refusal as the provider words it, and the words that must reach the error. */
    protected abstract String clientErrorBody();

    protected abstract String clientErrorExplanation();

    /** A random number of {@code n} digits, as providers' ids are. */
    public static String digits(int n) {
        StringBuilder s = new StringBuilder();
        s.append(ThreadLocalRandom.current().nextInt(1, 10));
        while (s.length() < n) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    protected StubMapping stub(MappingBuilder mapping) {
        StubMapping stub = wireMock.register(mapping);
        stubs.add(stub);
        return stub;
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(wireMock::removeStubMapping);
    }

    @Test
    void aServerErrorIsTransient() {
        stub(endpoint().willReturn(aResponse().withStatus(500).withBody("upstream trouble")));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertTrue(outcome.error().contains("500"), outcome.error());
        assertNull(outcome.retryAfter());
    }

    @Test
    void noAnswerWithinTheTimeoutIsTransient() {
        stub(endpoint().willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(3_000)));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertTrue(outcome.error().contains("did not answer"), outcome.error());
    }

    @Test
    void aRateLimitIsTransientAndKeepsTheProvidersWait() {
        stub(endpoint().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17")));
        var outcome = assertInstanceOf(SendOutcome.Transient.class, send());
        assertEquals(Duration.ofSeconds(17), outcome.retryAfter());
    }

    @Test
    void aRefusedRequestIsPermanentAndSaysWhy() {
        stub(endpoint()
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(clientErrorBody())));
        var outcome = assertInstanceOf(SendOutcome.Permanent.class, send());
        assertTrue(outcome.error().contains(clientErrorExplanation()), outcome.error());
        assertTrue(outcome.error().startsWith("HTTP 400"), outcome.error());
    }

    @Test
    void anAcceptedMessageWithoutAnIdIsAProviderError() {
        stub(endpoint().willReturn(aResponse().withStatus(200).withBody("{}")));
        assertInstanceOf(SendOutcome.Permanent.class, send());
    }
}
