package io.switchboard.common.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * CORS for the public paths ({@code /public/**}, the chat widget's API): the widget runs on customers' web
 * sites, so any origin may call them. They take no cookies and no tokens, so the answer is a plain {@code *}
 * without credentials. Every other path keeps the configured policy ({@code quarkus.http.cors}: the SPA
 * origins only), which Quarkus's own filter enforces after this one.
 */
@ApplicationScoped
public class PublicPathCors {

    static final String PUBLIC_PREFIX = "/public/";

    /** Above the priority of Quarkus's CORS filter (300), so this one runs first. */
    private static final int PRIORITY = 400;

    private static final String ALLOWED_METHODS = "GET, POST";
    private static final String ALLOWED_HEADERS =
            "Content-Type, X-Correlation-Id, X-Chat-Identifier, X-Chat-Identifier-Hash, Last-Event-ID";
    private static final String EXPOSED_HEADERS = "Location, Retry-After, X-Correlation-Id";
    private static final String MAX_AGE_SECONDS = "86400";

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || !ctx.normalizedPath().startsWith(PUBLIC_PREFIX)) {
            ctx.next();
            return;
        }
        MultiMap headers = ctx.response().headers();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
            ctx.response().setStatusCode(204).end();
            return;
        }
        headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        // Quarkus's filter acts on requests that carry an Origin, and would refuse this one (not an SPA
        // origin); it has been answered for here, so the rest of the chain sees a plain request.
        request.headers().remove(HttpHeaders.ORIGIN);
        ctx.next();
    }
}
