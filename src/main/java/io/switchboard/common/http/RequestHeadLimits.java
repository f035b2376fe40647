package io.switchboard.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ProblemTypes;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses a request line longer than {@code switchboard.limits.max-request-line} with 414 and headers larger than
 * {@code switchboard.limits.max-header-size} with 431, each with a problem document, and closes the connection.
 *
 * <p>The HTTP codec has limits of its own ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}), but what it refuses never reaches a route: Vert.x answers those with an empty body and
 * Quarkus offers no hook to change that (quarkusio/quarkus issue 55082). So the codec's limits are set well above
 * these (128 KiB), and the service's own limits are enforced here, where the answer can be a problem document
 * that a client can read and the access log records. Only a request head beyond the codec's ceiling still gets
 * the codec's bare 414 or 431.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /**
     * After the CORS filter (300), so that a browser application may read the refusal; ahead of the body limit and
     * of authentication (200).
     */
    private static final int PRIORITY = BodySizeLimits.PRIORITY + 10;

    /** " HTTP/1.1" (or " HTTP/1.0"): the request line's tail after the target. */
    private static final int VERSION_LENGTH = 9;

    private final int maxRequestLine;
    private final long maxHeaderSize;
    private final Buffer uriTooLong;
    private final Buffer headersTooLarge;

    RequestHeadLimits(SwitchboardConfig config, ObjectMapper mapper) throws JsonProcessingException {
        this.maxRequestLine = config.limits().maxRequestLine();
        this.maxHeaderSize = config.limits().maxHeaderSize().asLongValue();
        this.uriTooLong = Buffer.buffer(mapper.writeValueAsBytes(new Problem(
                ProblemTypes.of("uri-too-long"),
                "URI Too Long",
                414,
                "The request line is longer than " + maxRequestLine + " characters; send long filters in a body",
                null,
                null)));
        this.headersTooLarge = Buffer.buffer(mapper.writeValueAsBytes(new Problem(
                ProblemTypes.of("request-header-fields-too-large"),
                "Request Header Fields Too Large",
                431,
                "The request headers take more than " + maxHeaderSize + " bytes",
                null,
                null)));
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (requestLineLength(request) > maxRequestLine) {
            Refusals.refuseAndClose(ctx, 414, uriTooLong);
        } else if (headerSize(request.headers()) > maxHeaderSize) {
            Refusals.refuseAndClose(ctx, 431, headersTooLarge);
        } else {
            ctx.next();
        }
    }

    /** The request line as the client sent it: method, target and version, without its line end. */
    static int requestLineLength(HttpServerRequest request) {
        return request.method().name().length() + 1 + request.uri().length() + VERSION_LENGTH;
    }

    /** Each header line as sent: name, ": ", value and its line end. */
    static long headerSize(MultiMap headers) {
        long size = 0;
        for (Map.Entry<String, String> header : headers) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }
}
