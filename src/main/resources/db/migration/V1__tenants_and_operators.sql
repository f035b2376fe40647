-- Tenants are global rows; every other table carries tenant_id and is filtered by Hibernate's @TenantId.
CREATE TABLE tenant (
    id          VARCHAR(64) CHARACTER SET ascii NOT NULL,
    name        VARCHAR(200) NOT NULL,
    time_zone   VARCHAR(64)  NOT NULL DEFAULT 'UTC',
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE operator (
    id          CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id   VARCHAR(64) CHARACTER SET ascii NOT NULL,
    subject     VARCHAR(255) NOT NULL,
    username    VARCHAR(255) NULL,
    name        VARCHAR(255) NULL,
    email       VARCHAR(320) NULL,
    roles       VARCHAR(100) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_operator_subject (tenant_id, subject),
    CONSTRAINT fk_operator_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
