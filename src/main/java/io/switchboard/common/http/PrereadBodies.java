package io.switchboard.common.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Hands a body that {@link BodySizeLimits} read while bounding it (it came without a Content-Length) to the
 * resource: the request has ended, so the framework would otherwise find nothing left to read.
 */
public class PrereadBodies {

    @ServerRequestFilter(preMatching = true)
    public void useBodyReadWhileBounded(ContainerRequestContext request, RoutingContext ctx) {
        Buffer body = ctx.get(BodySizeLimits.PREREAD_BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }
}
