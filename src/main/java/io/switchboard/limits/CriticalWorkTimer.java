package io.switchboard.limits;

import io.switchboard.common.load.CriticalWork;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Times every request that is not a read — replies, webhooks, assignments, the console's writes — from its first
 * filter until it is done with, and records the successful ones as critical work ({@link CriticalWork}): their pace
 * is what the read limit ({@link ReadBulkhead}) protects. Refusals (4xx, 5xx) are quick or exceptional and say
 * nothing of the pace. While it runs, a request is known to the critical work too, so that a stall shows before the
 * request ends; it is forgotten when the request is done with, answered or failed.
 */
public class CriticalWorkTimer {

    private static final String SUCCEEDED = CriticalWorkTimer.class.getName() + ".succeeded";

    private final CriticalWork criticalWork;

    public CriticalWorkTimer(CriticalWork criticalWork) {
        this.criticalWork = criticalWork;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request, ServerRequestContext context) {
        if (writes(request)) {
            AtomicBoolean succeeded = new AtomicBoolean();
            request.setProperty(SUCCEEDED, succeeded);
            long handle = criticalWork.started();
            try {
                context.registerCompletionCallback(
                        failure -> criticalWork.finished(handle, failure == null && succeeded.get()));
            } catch (RuntimeException e) {
                criticalWork.finished(handle, false);
                throw e;
            }
        }
    }

    @ServerResponseFilter
    public void stop(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SUCCEEDED) instanceof AtomicBoolean succeeded
                && response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL) {
            succeeded.set(true);
        }
    }

    private static boolean writes(ContainerRequestContext request) {
        String method = request.getMethod();
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }
}
