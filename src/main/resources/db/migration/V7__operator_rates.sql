-- What an operator's hour costs, as a history: each row applies from its effective_from until the next row's.
-- Rows are never updated, so a later change cannot alter what earlier work cost. The first row of an operator
-- also covers work done before it (see OperatorRates).
CREATE TABLE operator_rate (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    operator_id         CHAR(36) CHARACTER SET ascii NOT NULL,
    effective_from      DATETIME(6) NOT NULL,
    amount_minor        BIGINT NOT NULL,
    currency            CHAR(3) CHARACTER SET ascii NOT NULL,
    set_by_operator_id  CHAR(36) CHARACTER SET ascii NULL,
    created_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_operator_rate (operator_id, effective_from),
    KEY ix_operator_rate_tenant (tenant_id, operator_id, effective_from),
    CONSTRAINT fk_operator_rate_operator FOREIGN KEY (operator_id) REFERENCES operator (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
