package io.switchboard.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ProblemTypes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies that are too large with 413 and a problem document, and closes the connection:
 *
 * <ul>
 *   <li>on {@code /webhooks/<kind>/**} above {@code switchboard.limits.max-webhook-body.<kind>} (the provider's
 *       documented maximum), on {@code /public/**} above {@code switchboard.limits.max-public-body}, on
 *       {@code /api/**} above {@code switchboard.limits.max-json-body}, elsewhere above
 *       {@code quarkus.http.limits.max-body-size};
 *   <li>by its Content-Length before a byte of it is read; a body sent without one (chunked) on the unauthenticated
 *       paths is read here up to the limit and refused at the first byte over it, never buffered further; one within
 *       the limit is handed to the resource as read ({@link PrereadBodies}).
 * </ul>
 */
@ApplicationScoped
public class BodySizeLimits {

    /**
     * After the CORS filter (300), so that a browser application may read the refusal, and ahead of authentication
     * (200): a body refused anyway is not worth a token check.
     */
    static final int PRIORITY = 250;

    /** Where a body read here waits for the resource (see {@link PrereadBodies}). */
    static final String PREREAD_BODY = "switchboard.preread-body";

    private final long maxJsonBody;
    private final long maxBody;
    private final long maxPublicBody;
    private final long maxWebhookBodyDefault;
    private final Map<String, Long> maxWebhookBody;
    private final ObjectMapper mapper;

    BodySizeLimits(
            SwitchboardConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            ObjectMapper mapper) {
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
        this.maxBody = maxBody.asLongValue();
        this.maxPublicBody = config.limits().maxPublicBody().asLongValue();
        this.maxWebhookBodyDefault = config.limits().maxWebhookBodyDefault().asLongValue();
        this.maxWebhookBody = config.limits().maxWebhookBody().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> e.getValue().asLongValue()));
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        long limit = limitFor(ctx.normalizedPath());
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (parsedLength(length).filter(l -> l > limit).isPresent()) {
                Refusals.refuseAndClose(ctx, 413, tooLarge(limit));
                return;
            }
            ctx.next();
        } else if (limit < maxBody && carriesBody(ctx.request())) {
            readUpTo(ctx, limit);
        } else {
            ctx.next();
        }
    }

    /** The most bytes a body on this path may have. */
    long limitFor(String path) {
        if (path.startsWith("/webhooks/")) {
            int end = path.indexOf('/', "/webhooks/".length());
            String kind = path.substring("/webhooks/".length(), end < 0 ? path.length() : end);
            return Math.min(maxBody, maxWebhookBody.getOrDefault(kind, maxWebhookBodyDefault));
        }
        if (path.startsWith("/public/")) {
            return Math.min(maxBody, maxPublicBody);
        }
        if (path.startsWith("/api/")) {
            return Math.min(maxBody, maxJsonBody);
        }
        return maxBody;
    }

    private static Optional<Long> parsedLength(String contentLength) {
        try {
            return Optional.of(Long.parseLong(contentLength.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // the HTTP codec refuses it
        }
    }

    private static boolean carriesBody(HttpServerRequest request) {
        HttpMethod method = request.method();
        return !request.isEnded()
                && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH);
    }

    /**
     * Reads a body that came without a length, at most {@code limit} bytes of it: one byte more and the request is
     * refused (what the client still sends is dropped by the lingering close); the whole body within the limit goes
     * on to the resource.
     */
    private void readUpTo(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        AtomicBoolean refused = new AtomicBoolean();
        request.pause();
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            ctx.response().writeContinue();
        }
        request.handler(chunk -> {
            if (refused.get()) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused.set(true);
                Refusals.refuseAndClose(ctx, 413, tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused.get()) {
                ctx.put(PREREAD_BODY, body);
                ctx.next();
            }
        });
        request.exceptionHandler(failure -> {
            if (refused.compareAndSet(false, true)) {
                ctx.fail(400, failure);
            }
        });
        request.resume();
    }

    private Buffer tooLarge(long limit) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(new Problem(
                    ProblemTypes.of("payload-too-large"),
                    "Payload Too Large",
                    413,
                    "The request body is too large: it may have at most " + limit + " bytes",
                    null,
                    null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
