package io.switchboard.channel.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * How one provider explains a failed request, beyond its HTTP status: the message in its error body (which an
 * operator reads on a failed reply), rate limits it answers with a 4xx other than 429, and the reset time it
 * gives instead of {@code Retry-After}.
 */
public interface ProviderErrors {

    /**
     * A destination without a documented error format (a tenant's integration): its error bodies are never quoted,
     * only the status is reported.
     */
    ProviderErrors UNDOCUMENTED = body -> Optional.empty();

    /**
     * The provider's own explanation in a failed answer's JSON body (an empty object when the body is not JSON),
     * read from the fields its documentation defines; empty when there is none (only the status is reported).
     */
    Optional<String> explanation(JsonNode body);

    /** Whether a 4xx answer (other than 408 and 429, always transient) still means "try again later". */
    default boolean isTransient(int status, JsonNode body) {
        return false;
    }

    /** When to try again, from the provider's own headers; asked only when {@code Retry-After} is absent. */
    default Optional<Instant> retryAt(HttpHeaders headers) {
        return Optional.empty();
    }

    /** The text of a JSON field, if it is a non-blank value. */
    static Optional<String> text(JsonNode node) {
        return node == null
                        || node.isNull()
                        || node.isContainerNode()
                        || node.asText().isBlank()
                ? Optional.empty()
                : Optional.of(node.asText());
    }
}
