package io.switchboard.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the operator console (the SPA served at {@code /}) needs to know to sign operators in. */
@ConfigMapping(prefix = "switchboard.console")
public interface ConsoleConfig {

    /**
     * The Keycloak realm as the operators' browsers reach it; by default the one the service verifies tokens
     * against. Set it apart where the service reaches Keycloak by an internal name.
     */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String authServerUrl();

    /** The realm's public client for the console (authorization code with PKCE). */
    @WithDefault("switchboard-spa")
    String clientId();
}
