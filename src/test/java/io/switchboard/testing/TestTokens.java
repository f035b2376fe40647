package io.switchboard.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real signed access tokens shaped like Keycloak's, signed with the key of Quarkus's OIDC test server, so
 * the service verifies them exactly as it verifies production tokens.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "switchboard-api";

    private TestTokens() {}

    /** A fresh tenant id, so test classes sharing one database never see each other's rows. */
    public static String newTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String token(String tenant, String username, String... roles) {
        return builder(tenant, username, roles).sign();
    }

    public static Builder builder(String tenant, String username, String... roles) {
        return new Builder(tenant, username, List.of(roles));
    }

    public static final class Builder {
        private final String tenant;
        private final String username;
        private final List<String> roles;
        private String subject;
        private String audience = AUDIENCE;
        private String issuer = ISSUER;
        private long expiresIn = 600;
        private String name;

        private Builder(String tenant, String username, List<String> roles) {
            this.tenant = tenant;
            this.username = username;
            this.roles = roles;
            this.subject = "sub-" + (tenant == null ? "none" : tenant) + "-" + username;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The display name ({@code name} claim); "Username Tester" unless set. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder expiresIn(long seconds) {
            this.expiresIn = seconds;
            return this;
        }

        public String sign() {
            JwtClaimsBuilder claims = Jwt.claims()
                    .issuer(issuer)
                    .audience(audience)
                    .subject(subject)
                    .preferredUserName(username)
                    .claim("name", name != null ? name : capitalised(username) + " Tester")
                    .claim("email", username + "@" + (tenant == null ? "example" : tenant) + ".example")
                    .claim("realm_access", Map.of("roles", roles))
                    .issuedAt(System.currentTimeMillis() / 1000 - 5)
                    .expiresIn(expiresIn);
            if (tenant != null) {
                claims.claim("tenant", tenant);
            }
            return claims.jws().keyId("1").sign("privateKey.jwk");
        }

        private static String capitalised(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
