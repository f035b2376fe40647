-- The delivery outbox: one row per outbound message, written in the transaction that writes the message.
-- due_at is when the dispatcher must next act on the row: the send time of a SCHEDULED reply, the next attempt of
-- a QUEUED one, the lease expiry of a SENDING one (a replica that died mid-send is detected by it); NULL once the
-- row is final (SENT, DELIVERED, FAILED, CANCELLED). The due-claim query walks ix_delivery_due in order and stops
-- at the first row not yet due, whatever the table's size.
CREATE TABLE delivery (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    message_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    conversation_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    status              VARCHAR(16) CHARACTER SET ascii NOT NULL,
    attempts            INT NOT NULL DEFAULT 0,
    send_at             DATETIME(6) NULL,
    due_at              DATETIME(6) NULL,
    claim_token         CHAR(36) CHARACTER SET ascii NULL,
    provider_id         VARCHAR(255) NULL,
    last_error          VARCHAR(1000) NULL,
    created_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL,
    sent_at             DATETIME(6) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_delivery_message (message_id),
    KEY ix_delivery_due (due_at),
    KEY ix_delivery_provider (channel_id, provider_id),
    CONSTRAINT fk_delivery_message FOREIGN KEY (message_id) REFERENCES message (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Idempotency-Key of the POSTs that send: the same key from the same operator returns the message the first
-- request created. The fingerprint (SHA-256 of the request) tells a retry from a different request under a
-- reused key. Kept for switchboard.delivery.idempotency-retention, then purged.
CREATE TABLE idempotency_key (
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    operator_id         CHAR(36) CHARACTER SET ascii NOT NULL,
    idempotency_key     VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    fingerprint         CHAR(64) CHARACTER SET ascii NOT NULL,
    message_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    created_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (tenant_id, operator_id, idempotency_key),
    KEY ix_idempotency_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
