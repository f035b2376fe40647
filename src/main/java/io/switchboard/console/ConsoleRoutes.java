package io.switchboard.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The console's two needs from the server besides its static files: how to sign in ({@code /console/config.json},
 * public, like Keycloak's own discovery document), and caching that lets a new release reach every browser at once
 * (the bundles' names carry their content hash, so they are cached for good; {@code index.html}, which names them,
 * is revalidated on every load).
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String CONFIG_PATH = "/console/config.json";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    private final Buffer config;

    public ConsoleRoutes(ConsoleConfig console, ObjectMapper mapper) throws JsonProcessingException {
        this.config = Buffer.buffer(mapper.writeValueAsBytes(
                Map.of("authServerUrl", console.authServerUrl(), "clientId", console.clientId())));
    }

    void install(@Observes Router router) {
        router.get(CONFIG_PATH)
                .order(-10)
                .handler(ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE)
                        .end(config));
        router.getWithRegex("/|/index\\.html|/static/bundle/.*").order(-10).handler(ctx -> {
            String path = ctx.normalizedPath();
            String cacheControl = path.startsWith("/static/bundle/") ? IMMUTABLE : REVALIDATE;
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() < 400) {
                    ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, cacheControl);
                }
            });
            ctx.next();
        });
    }
}
