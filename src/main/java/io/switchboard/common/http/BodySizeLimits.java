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
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies that are too large before a byte of them is read, by their Content-Length, with 413 and a
 * problem document, and closes the connection: on {@code /api/**} and {@code /public/**} (JSON) above
 * {@code switchboard.limits.max-json-body}, elsewhere (provider webhooks, multipart email) above
 * {@code quarkus.http.limits.max-body-size}. A body sent without a length (chunked) is still bounded by the
 * latter while it is read.
 */
@ApplicationScoped
public class BodySizeLimits {

    /**
     * After the CORS filter (300), so that a browser application may read the refusal, and ahead of authentication
     * (200): a body refused anyway is not worth a token check.
     */
    static final int PRIORITY = 250;

    private final long maxJsonBody;
    private final long maxBody;
    private final Buffer tooLarge;

    BodySizeLimits(
            SwitchboardConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            ObjectMapper mapper)
            throws JsonProcessingException {
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
        this.maxBody = maxBody.asLongValue();
        this.tooLarge = Buffer.buffer(mapper.writeValueAsBytes(new Problem(
                ProblemTypes.of("payload-too-large"),
                "Payload Too Large",
                413,
                "The request body is too large",
                null,
                null)));
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(ctx.normalizedPath(), length)) {
            Refusals.refuseAndClose(ctx, 413, tooLarge);
            return;
        }
        ctx.next();
    }

    private boolean tooLarge(String path, String contentLength) {
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses it
        }
        boolean json = path.startsWith("/api/") || path.startsWith("/public/");
        return length > (json ? maxJsonBody : maxBody);
    }
}
