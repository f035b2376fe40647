-- Domains a tenant sends email from (the address of an EMAIL channel), and the proof that it owns them: the
-- service issues a token, the tenant publishes it as a TXT record at _switchboard-verification.<domain>, and a check
-- finds it. Until then the tenant's EMAIL channels on that domain receive but do not send.
CREATE TABLE email_domain (
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    domain          VARCHAR(253) CHARACTER SET ascii NOT NULL,
    token           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    verified_at     DATETIME(6) NULL,
    checked_at      DATETIME(6) NULL,
    -- Why the last check did not verify the domain (no record, another value, DNS unreachable); NULL after success.
    last_error      VARCHAR(500) NULL,
    PRIMARY KEY (tenant_id, domain),
    CONSTRAINT fk_email_domain_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
