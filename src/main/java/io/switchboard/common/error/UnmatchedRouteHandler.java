package io.switchboard.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A request that no route (REST resource, health, metrics, OpenAPI, Swagger UI) takes still gets a problem
 * document rather than the HTTP server's plain default page.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

    private final byte[] body;

    public UnmatchedRouteHandler(ObjectMapper mapper) throws JsonProcessingException {
        this.body = mapper.writeValueAsBytes(
                new Problem(ProblemTypes.of("not-found"), "Not Found", 404, "No resource at this path", null, null));
    }

    void install(@Observes Router router) {
        router.route()
                .last()
                .handler(ctx -> ctx.response()
                        .setStatusCode(404)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(io.vertx.core.buffer.Buffer.buffer(body)));
    }
}
