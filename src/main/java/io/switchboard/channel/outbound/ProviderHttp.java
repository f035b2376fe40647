package io.switchboard.channel.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTTP client every provider adapter sends through: one shared connection pool, a connect timeout and a
 * total deadline (connect, headers and the whole body) from configuration, at most {@code max-answer-size} bytes
 * of an answer read, and one reading of providers' answers. 2xx is success; 429, 408 and 5xx are transient (429's
 * {@code Retry-After} is kept); any other 4xx is permanent; a timeout or a connection failure is transient; an
 * answer over the size limit is permanent. Errors name the status and what a provider's {@link ProviderErrors}
 * reads from its documented error format, never a raw body: an integration's answer could be anything.
 */
@ApplicationScoped
public class ProviderHttp {

    private static final int MAX_ERROR_LENGTH = 500;

    private final HttpClient client;
    private final Duration timeout;
    private final long maxAnswerBytes;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ProviderHttp(SwitchboardConfig config, ObjectMapper mapper, Clock clock) {
        this.timeout = config.providers().timeout();
        this.maxAnswerBytes = config.providers().maxAnswerSize().asLongValue();
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.providers().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A request under construction: method, URL, headers, body. */
    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
    }

    /** An {@code application/x-www-form-urlencoded} body of the given fields, in their order. */
    public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return form(fields.entrySet());
    }

    /** A form body of fields that may repeat (such as Twilio's {@code MediaUrl}), in their order. */
    public static HttpRequest.BodyPublisher form(Collection<? extends Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    /** A JSON body of {@code value}. */
    public HttpRequest.BodyPublisher json(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write a provider request as JSON", e);
        }
    }

    /**
     * Sends {@code request} and reads the answer: on 2xx, {@code providerId} extracts the provider's id of the
     * message from the JSON body (an empty result is a provider error, since an accepted message always has one).
     */
    public SendOutcome send(HttpRequest request, Function<JsonNode, Optional<String>> providerId) {
        return send(request, providerId, ProviderErrors.UNDOCUMENTED);
    }

    /**
     * {@link #send(HttpRequest, Function)} for a provider whose failed answers say more than their status: its
     * {@code errors} put the provider's own explanation into the error and may call a 4xx transient.
     */
    public SendOutcome send(
            HttpRequest request, Function<JsonNode, Optional<String>> providerId, ProviderErrors errors) {
        return switch (read(request, errors)) {
            case Answer.Failed failed -> failed.outcome();
            case Answer.Ok ok
            when ok.json() == null ->
                new SendOutcome.Permanent("The provider accepted the message but its answer is not JSON");
            case Answer.Ok ok ->
                providerId
                        .apply(ok.json())
                        .<SendOutcome>map(SendOutcome.Sent::new)
                        .orElseGet(() ->
                                new SendOutcome.Permanent("The provider accepted the message without giving its id"));
        };
    }

    /** A provider's answer to a request: its 2xx body, or the failure as {@link #send} would report it. */
    public sealed interface Answer {
        /** 2xx; {@code json} is null when the body is not JSON (an empty body is an empty object). */
        record Ok(JsonNode json, String body) implements Answer {}

        /**
         * Anything else, classified as transient or permanent with the provider's explanation; {@code status} is
         * the HTTP status (0 when no answer came) and {@code body} the error body as JSON (an empty object when it
         * is not JSON), for callers that read a provider's error codes themselves.
         */
        record Failed(SendOutcome outcome, int status, JsonNode body) implements Answer {

            public Failed(SendOutcome outcome) {
                this(outcome, 0, null);
            }
        }
    }

    /**
     * Sends {@code request} (a read such as a list, or a send) and classifies the answer like {@link #send}: 2xx is
     * {@link Answer.Ok}; a timeout, no connection, 408, 429, 5xx and what {@code errors} calls transient are a
     * {@link SendOutcome.Transient} failure; any other 4xx a {@link SendOutcome.Permanent} one.
     */
    public Answer read(HttpRequest request, ProviderErrors errors) {
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request, answer -> new BoundedBody(maxAnswerBytes));
        try {
            // The request's own timeout ends with the headers; this deadline also covers a body that dribbles in.
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Answer.Failed(new SendOutcome.Transient("The provider did not answer within " + timeout, null));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof BoundedBody.TooLarge || c instanceof HttpTimeoutException) {
                    cause = c;
                    break;
                }
            }
            if (cause instanceof BoundedBody.TooLarge) {
                return new Answer.Failed(
                        new SendOutcome.Permanent("The provider's answer is larger than " + maxAnswerBytes + " bytes"));
            }
            if (cause instanceof HttpTimeoutException) {
                return new Answer.Failed(
                        new SendOutcome.Transient("The provider did not answer within " + timeout, null));
            }
            return new Answer.Failed(new SendOutcome.Transient(
                    "Could not reach the provider: " + describe(cause instanceof IOException io ? io : null), null));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Answer.Failed(new SendOutcome.Transient("Interrupted while sending", null));
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            try {
                return new Answer.Ok(body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body), body);
            } catch (IOException e) {
                return new Answer.Ok(null, body);
            }
        }
        JsonNode json = readFailure(body);
        String error = "HTTP " + status
                + errors.explanation(json)
                        .map(explanation -> ": " + abbreviate(explanation))
                        .orElse("");
        if (status == 429 || status == 408 || status >= 500 || errors.isTransient(status, json)) {
            return new Answer.Failed(
                    new SendOutcome.Transient(error, retryAfter(response.headers(), errors)), status, json);
        }
        return new Answer.Failed(new SendOutcome.Permanent(error), status, json);
    }

    private Duration retryAfter(HttpHeaders headers, ProviderErrors errors) {
        return headers.firstValue("Retry-After")
                .flatMap(this::retryAfter)
                .or(() -> errors.retryAt(headers).map(this::untilThen))
                .orElse(null);
    }

    /** A failed answer's body as JSON; an empty object when it is not JSON (an HTML error page, nothing). */
    private JsonNode readFailure(String body) {
        try {
            JsonNode json = body.isBlank() ? null : mapper.readTree(body);
            return json != null ? json : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private Duration untilThen(Instant at) {
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Retry-After as seconds or as an HTTP date (RFC 9110); empty when unreadable. */
    Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            if (v.matches("[0-9]{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            return Optional.of(untilThen(
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What failed, in general terms: the exception's kind, not its message (it may name addresses). */
    private static String describe(IOException e) {
        if (e == null) {
            return "the request failed";
        }
        return switch (e) {
            case java.net.ConnectException c -> "connection refused or unreachable";
            case java.net.UnknownHostException u -> "the host name does not resolve";
            case javax.net.ssl.SSLException s -> "TLS failed";
            default -> "connection failed (" + e.getClass().getSimpleName() + ")";
        };
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ERROR_LENGTH ? oneLine : oneLine.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
