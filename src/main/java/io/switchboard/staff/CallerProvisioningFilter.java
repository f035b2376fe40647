package io.switchboard.staff;

import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Objects;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On every authenticated API request: takes the tenant from the verified token (no claim, no access), binds
 * the unit of work to it, and makes sure the tenant and the operator exist.
 */
public class CallerProvisioningFilter {

    private final SecurityIdentity identity;
    private final TenantContext tenantContext;
    private final OperatorProvisioner provisioner;
    private final CurrentOperator currentOperator;

    public CallerProvisioningFilter(
            SecurityIdentity identity,
            TenantContext tenantContext,
            OperatorProvisioner provisioner,
            CurrentOperator currentOperator) {
        this.identity = identity;
        this.tenantContext = tenantContext;
        this.provisioner = provisioner;
        this.currentOperator = currentOperator;
    }

    @ServerRequestFilter
    public void provisionCaller(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        // Reading the identity authenticates the request: a bad token fails here with 401.
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        String tenantId = token.getClaim("tenant");
        if (tenantId == null || tenantId.isBlank()) {
            throw new AccessDeniedException("The token carries no tenant claim");
        }
        if (!TenantService.isValidId(tenantId)) {
            throw new AccessDeniedException("The token's tenant claim is not a valid tenant id");
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            throw new AccessDeniedException("The token carries no subject");
        }
        tenantContext.set(tenantId);
        var roles = Roles.known(identity.getRoles());
        if (roles.isEmpty()) {
            // Not an operator of this service: the role check refuses the request; nothing is provisioned.
            return;
        }
        String username = token.getClaim("preferred_username");
        String name = Objects.requireNonNullElse(token.getClaim("name"), username);
        var profile = new CallerProfile(tenantId, token.getSubject(), username, name, token.getClaim("email"), roles);
        currentOperator.set(provisioner.provision(profile), profile);
    }
}
