package io.switchboard.limits;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.Problems;
import io.switchboard.common.error.TooManyRequestsException;
import io.switchboard.common.http.ClientAddresses;
import io.switchboard.tenancy.TenantService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Per-tenant request rates, answered with 429, {@code Retry-After} and a problem document when a tenant is over.
 *
 * <ul>
 *   <li>{@code /api/**}: the tenant of the verified token; every authenticated request counts.
 *   <li>{@code /webhooks/**} and {@code /public/**}: the tenant of the channel named by the path's key (from the
 *       channel cache). A tenant over its limit is refused before anything is read or verified, but only requests
 *       that pass verification count (charged when answered, unless 401, 403 or 404): someone who knows a channel's
 *       key cannot use up its tenant's allowance with unsigned requests. A key that names no enabled channel is
 *       charged to the client's address instead ({@link UnknownKeyLimiter}); an address out of allowance gets 429
 *       for every key not known to be good, before it is looked up.
 * </ul>
 *
 * Everything on the way is in memory once warm (channel, limits, bucket), so the ingest path stays cheap.
 */
public class TenantRateLimitFilter {

    private static final String CHARGE = TenantRateLimitFilter.class.getName() + ".charge";
    private static final String UNKNOWN_KEYS =
            "Too many requests for channel keys that name no channel from this address; retry after the indicated delay";

    private final CurrentIdentityAssociation identities;
    private final ChannelService channels;
    private final TenantLimitSettings settings;
    private final TenantRateLimiter limiter;
    private final UnknownKeyLimiter unknownKeys;
    private final ClientAddresses clientAddresses;

    public TenantRateLimitFilter(
            CurrentIdentityAssociation identities,
            ChannelService channels,
            TenantLimitSettings settings,
            TenantRateLimiter limiter,
            UnknownKeyLimiter unknownKeys,
            ClientAddresses clientAddresses) {
        this.identities = identities;
        this.channels = channels;
        this.settings = settings;
        this.limiter = limiter;
        this.unknownKeys = unknownKeys;
        this.clientAddresses = clientAddresses;
    }

    /** A public request let through, to be counted once it is answered. */
    private record Charge(String tenantId, TenantLimits.Rate rate) {}

    /** Before the caller is provisioned (the default priority), so a refused request costs no database work. */
    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest httpRequest) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/")) {
            return identities.getDeferredIdentity().onItem().transformToUni(this::limitApi);
        }
        if (path.startsWith("/webhooks/") || path.startsWith("/public/")) {
            String key = request.getUriInfo().getPathParameters().getFirst("key");
            if (key != null) {
                String client = clientAddresses.of(httpRequest);
                if (!channels.knownEnabled(key)) {
                    Optional<Duration> wait = unknownKeys.check(client);
                    if (wait.isPresent()) {
                        return Uni.createFrom().item(tooMany(wait.get(), UNKNOWN_KEYS));
                    }
                }
                return Uni.createFrom()
                        .completionStage(channels.resolveByKeyAsync(key))
                        .onItem()
                        .transformToUni(channel -> {
                            if (channel.isEmpty()) {
                                unknownKeys.charge(client);
                            }
                            return limitPublic(request, channel);
                        });
            }
        }
        return Uni.createFrom().nullItem();
    }

    @ServerResponseFilter
    public void charge(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(CHARGE) instanceof Charge charge) {
            int status = response.getStatus();
            if (status != 401 && status != 403 && status != 404) {
                limiter.charge(charge.tenantId(), LimitClass.PUBLIC_ENDPOINTS, charge.rate());
            }
        }
    }

    /**
     * The tenant of an API caller's verified token; empty for anonymous callers (the security checks answer 401) and
     * for a token without a valid tenant (the caller's provisioning answers 403).
     */
    static Optional<String> apiTenant(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        String tenantId = token.getClaim("tenant");
        return TenantService.isValidId(tenantId) ? Optional.of(tenantId) : Optional.empty();
    }

    private Uni<Response> limitApi(SecurityIdentity identity) {
        Optional<String> tenant = apiTenant(identity);
        if (tenant.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String tenantId = tenant.get();
        return Uni.createFrom()
                .completionStage(settings.limitsAsync(tenantId))
                .map(limits -> limiter.acquire(tenantId, LimitClass.API, limits.api())
                        .map(TenantRateLimitFilter::tooMany)
                        .orElse(null));
    }

    private Uni<Response> limitPublic(ContainerRequestContext request, Optional<ResolvedChannel> channel) {
        if (channel.isEmpty()) {
            return Uni.createFrom().nullItem(); // the resource answers 404
        }
        String tenantId = channel.get().tenantId();
        return Uni.createFrom().completionStage(settings.limitsAsync(tenantId)).map(limits -> {
            TenantLimits.Rate rate = limits.publicEndpoints();
            Optional<Duration> wait = limiter.check(tenantId, LimitClass.PUBLIC_ENDPOINTS, rate);
            if (wait.isPresent()) {
                return tooMany(wait.get());
            }
            request.setProperty(CHARGE, new Charge(tenantId, rate));
            return null;
        });
    }

    private static Response tooMany(Duration wait) {
        return tooMany(
                wait, "The tenant sends more requests than its rate limit allows; retry after the indicated delay");
    }

    private static Response tooMany(Duration wait, String detail) {
        var e = new TooManyRequestsException(detail, wait);
        return Problems.builder(new Problem(e.type(), e.title(), e.status(), e.getMessage(), null, null))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .build();
    }
}
