package io.switchboard.limits;

import io.switchboard.common.load.CriticalWork;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every request that is not a read — replies, webhooks, assignments, the console's writes — from its first
 * filter to its answer, and records the successful ones as critical work ({@link CriticalWork}): their pace is what
 * the read limit ({@link ReadBulkhead}) protects. Refusals (4xx, 5xx) are quick or exceptional and say nothing of
 * the pace.
 */
public class CriticalWorkTimer {

    private static final String STARTED = CriticalWorkTimer.class.getName() + ".started";

    private final CriticalWork criticalWork;

    public CriticalWorkTimer(CriticalWork criticalWork) {
        this.criticalWork = criticalWork;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        if (writes(request)) {
            request.setProperty(STARTED, System.nanoTime());
        }
    }

    @ServerResponseFilter
    public void stop(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(STARTED) instanceof Long started
                && response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL) {
            criticalWork.record(System.nanoTime() - started);
        }
    }

    private static boolean writes(ContainerRequestContext request) {
        String method = request.getMethod();
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }
}
