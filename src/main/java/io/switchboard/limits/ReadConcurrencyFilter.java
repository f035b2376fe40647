package io.switchboard.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.db.ReportQueries;
import io.switchboard.common.db.StatementTimeLimit;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ProblemTypes;
import io.switchboard.common.error.Problems;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Admits API reads ({@code GET} and {@code HEAD} on {@code /api/**}) through the {@link ReadBulkhead} and gives
 * each admitted read its statement time limit; a read the bulkhead refuses gets 503 {@code service-unavailable}
 * with {@code Retry-After} at once. Live streams are not bounded reads: they stay open for hours and take a
 * connection only now and then, so they are left out.
 */
public class ReadConcurrencyFilter {

    private enum ReadKind {
        API,
        REPORT,
        STREAM
    }

    private final CurrentIdentityAssociation identities;
    private final ReadBulkhead bulkhead;
    private final StatementTimeLimit statementTimeLimit;
    private final Duration apiLimit;
    private final Duration reportLimit;
    private final Counter shedByReplica;
    private final Counter shedByTenant;
    private final Counter shedSearchByReplica;
    private final Counter shedByBudget;
    private final Counter shedSearchByTenant;
    private final Map<Method, ReadKind> kinds = new ConcurrentHashMap<>();

    /** The request property holding an admitted read's {@link ReadBulkhead.Permit}. */
    private static final String PERMIT = ReadConcurrencyFilter.class.getName() + ".permit";

    public ReadConcurrencyFilter(
            CurrentIdentityAssociation identities,
            ReadBulkhead bulkhead,
            StatementTimeLimit statementTimeLimit,
            SwitchboardConfig config,
            MeterRegistry metrics) {
        this.identities = identities;
        this.bulkhead = bulkhead;
        this.statementTimeLimit = statementTimeLimit;
        this.apiLimit = config.reads().statementTimeout();
        this.reportLimit = config.reads().reportStatementTimeout();
        this.shedByReplica = metrics.counter("switchboard.reads.shed", "limit", "replica");
        this.shedByTenant = metrics.counter("switchboard.reads.shed", "limit", "tenant");
        this.shedSearchByReplica = metrics.counter("switchboard.reads.shed", "limit", "search-replica");
        this.shedByBudget = metrics.counter("switchboard.reads.shed", "limit", "budget");
        this.shedSearchByTenant = metrics.counter("switchboard.reads.shed", "limit", "search-tenant");
    }

    /** After the tenant's request rate (a refused request takes no place), before the caller is provisioned. */
    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
    public Uni<Response> admit(ContainerRequestContext request, ServerRequestContext context, ResourceInfo resource) {
        String method = request.getMethod();
        if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                || !request.getUriInfo().getPath().startsWith("/api/")
                || resource.getResourceMethod() == null) {
            return Uni.createFrom().nullItem();
        }
        ReadKind kind =
                kinds.computeIfAbsent(resource.getResourceMethod(), m -> kindOf(resource.getResourceClass(), m));
        if (kind == ReadKind.STREAM) {
            return Uni.createFrom().nullItem();
        }
        return identities
                .getDeferredIdentity()
                .map(identity -> TenantRateLimitFilter.apiTenant(identity)
                        .map(tenantId -> admit(request, context, tenantId, kind, searches(request)))
                        .orElse(null));
    }

    /**
     * A read's place is given back as soon as its answer is ready, before it is written: a client that reads one
     * page after another (an SPA searching as the operator types) would otherwise find its previous read holding
     * the place for the moment the server takes to finish writing it, and get 503. An answer written from the
     * database as it goes (a stream, a CSV export) keeps its place until written (the completion callback above).
     */
    @ServerResponseFilter
    public void releaseWhenAnswered(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (request.getProperty(PERMIT) instanceof ReadBulkhead.Permit permit
                && !(entity instanceof StreamingOutput)
                && !(entity instanceof InputStream)
                && !(entity instanceof Flow.Publisher<?>)
                && !(entity instanceof org.reactivestreams.Publisher<?>)) {
            permit.release();
        }
    }

    /** A read with a {@code q} is a search (full-text), far costlier than a page read. */
    private static boolean searches(ContainerRequestContext request) {
        String q = request.getUriInfo().getQueryParameters().getFirst("q");
        return q != null && !q.isBlank();
    }

    private Response admit(
            ContainerRequestContext request,
            ServerRequestContext context,
            String tenantId,
            ReadKind kind,
            boolean search) {
        ReadBulkhead.Admission admission = bulkhead.admit(tenantId, search);
        if (admission.permit().isEmpty()) {
            return shed(admission.refusedBy(), admission.retryAfterSeconds());
        }
        ReadBulkhead.Permit permit = admission.permit().get();
        // Released when the request is done with, answered or failed (not when the client goes away): until then
        // the read may still hold its connection.
        try {
            context.registerCompletionCallback(failure -> permit.release());
            request.setProperty(PERMIT, permit);
            statementTimeLimit.set(kind == ReadKind.REPORT ? reportLimit : apiLimit);
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        return null;
    }

    private Response shed(ReadBulkhead.Limit limit, long retryAfterSeconds) {
        String detail;
        if (limit == ReadBulkhead.Limit.BUDGET) {
            shedByBudget.increment();
            detail = "The server is busy with work that goes first (replies and incoming messages), and your"
                    + " organisation's reads have used their share of its time for now; retry after the indicated delay";
        } else if (limit == ReadBulkhead.Limit.TENANT) {
            shedByTenant.increment();
            detail = "Your organisation has as many reads running on this server as it may at once; retry after the"
                    + " indicated delay";
        } else if (limit == ReadBulkhead.Limit.SEARCH_TENANT) {
            shedSearchByTenant.increment();
            detail = "Your organisation has as many searches running on this server as it may at once; retry after"
                    + " the indicated delay";
        } else if (limit == ReadBulkhead.Limit.SEARCH_REPLICA) {
            shedSearchByReplica.increment();
            detail = "The server runs as many searches as it may at once; retry after the indicated delay";
        } else {
            shedByReplica.increment();
            detail = "The server runs as many reads as it may at once; retry after the indicated delay";
        }
        return Problems.builder(new Problem(
                        ProblemTypes.of("service-unavailable"), "Service unavailable", 503, detail, null, null))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)))
                .build();
    }

    private static ReadKind kindOf(Class<?> resourceClass, Method method) {
        Produces produces = method.getAnnotation(Produces.class);
        if (produces != null && Arrays.asList(produces.value()).contains(MediaType.SERVER_SENT_EVENTS)) {
            return ReadKind.STREAM;
        }
        if (method.isAnnotationPresent(ReportQueries.class) || resourceClass.isAnnotationPresent(ReportQueries.class)) {
            return ReadKind.REPORT;
        }
        return ReadKind.API;
    }
}
