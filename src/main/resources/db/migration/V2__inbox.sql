-- Channels: one configured presence of a tenant on one provider. The key is public (it is in webhook URLs)
-- and unguessable; secrets are AES-GCM encrypted by the service and never leave it.
CREATE TABLE channel (
    id              CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    kind            VARCHAR(16) CHARACTER SET ascii NOT NULL,
    name            VARCHAR(200) NOT NULL,
    channel_key     VARCHAR(64) CHARACTER SET ascii NOT NULL,
    config          TEXT NOT NULL,
    secrets         TEXT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      DATETIME(6) NOT NULL,
    updated_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_channel_key (channel_key),
    KEY ix_channel_tenant (tenant_id, created_at),
    CONSTRAINT fk_channel_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE contact (
    id              CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    name            VARCHAR(255) NULL,
    email           VARCHAR(320) NULL,
    phone           VARCHAR(32) NULL,
    merged_into_id  CHAR(36) CHARACTER SET ascii NULL,
    created_at      DATETIME(6) NOT NULL,
    updated_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_contact_tenant (tenant_id, id),
    FULLTEXT KEY ft_contact (name, email, phone),
    CONSTRAINT fk_contact_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- How a contact is known on one channel: phone number, email address, page-scoped id, X user id, chat id.
CREATE TABLE contact_identity (
    id              CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    contact_id      CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id      CHAR(36) CHARACTER SET ascii NOT NULL,
    kind            VARCHAR(16) CHARACTER SET ascii NOT NULL,
    external_id     VARCHAR(255) NOT NULL,
    handle          VARCHAR(255) NULL,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_identity (channel_id, external_id),
    KEY ix_identity_contact (contact_id),
    CONSTRAINT fk_identity_contact FOREIGN KEY (contact_id) REFERENCES contact (id),
    CONSTRAINT fk_identity_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A conversation is one thread on one channel: a contact's private messages, a public comment or mention
-- thread, or an email thread. The thread key names it within its channel, so concurrent first messages of
-- one thread meet on the unique key instead of creating two conversations.
CREATE TABLE conversation (
    id                    CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id             VARCHAR(64) CHARACTER SET ascii NOT NULL,
    channel_id            CHAR(36) CHARACTER SET ascii NOT NULL,
    contact_id            CHAR(36) CHARACTER SET ascii NOT NULL,
    thread_key            VARCHAR(255) NOT NULL,
    public_thread         BOOLEAN NOT NULL DEFAULT FALSE,
    subject               VARCHAR(500) NULL,
    status                VARCHAR(16) CHARACTER SET ascii NOT NULL,
    priority              VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'NORMAL',
    snoozed_until         DATETIME(6) NULL,
    assignee_id           CHAR(36) CHARACTER SET ascii NULL,
    team_id               CHAR(36) CHARACTER SET ascii NULL,
    last_activity_at      DATETIME(6) NOT NULL,
    last_inbound_at       DATETIME(6) NULL,
    last_message_preview  VARCHAR(280) NULL,
    unread_count          INT NOT NULL DEFAULT 0,
    version               BIGINT NOT NULL DEFAULT 0,
    created_at            DATETIME(6) NOT NULL,
    updated_at            DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_conversation_thread (channel_id, thread_key),
    KEY ix_conversation_activity (tenant_id, last_activity_at, id),
    KEY ix_conversation_status (tenant_id, status, last_activity_at, id),
    KEY ix_conversation_assignee (tenant_id, assignee_id, last_activity_at, id),
    KEY ix_conversation_contact (contact_id),
    KEY ix_conversation_snoozed (status, snoozed_until),
    CONSTRAINT fk_conversation_channel FOREIGN KEY (channel_id) REFERENCES channel (id),
    CONSTRAINT fk_conversation_contact FOREIGN KEY (contact_id) REFERENCES contact (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Labels belong to their conversation (and so to its tenant).
CREATE TABLE conversation_label (
    conversation_id CHAR(36) CHARACTER SET ascii NOT NULL,
    label           VARCHAR(64) NOT NULL,
    PRIMARY KEY (conversation_id, label),
    KEY ix_label (label, conversation_id),
    CONSTRAINT fk_label_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Messages. The provider's id is unique per channel: a retried or replayed webhook finds it taken and stores
-- nothing, even when two copies arrive at the same moment.
CREATE TABLE message (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    conversation_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    direction           VARCHAR(16) CHARACTER SET ascii NOT NULL,
    author_operator_id  CHAR(36) CHARACTER SET ascii NULL,
    text                MEDIUMTEXT NULL,
    attachments         TEXT NULL,
    external_id         VARCHAR(255) NULL,
    delivery_status     VARCHAR(16) CHARACTER SET ascii NULL,
    created_at          DATETIME(6) NOT NULL,
    received_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_message_external (channel_id, external_id),
    KEY ix_message_conversation (conversation_id, created_at, id),
    FULLTEXT KEY ft_message_text (text),
    CONSTRAINT fk_message_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Append-only history of a conversation: who did what, when.
CREATE TABLE conversation_event (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    conversation_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    type                VARCHAR(40) CHARACTER SET ascii NOT NULL,
    actor_operator_id   CHAR(36) CHARACTER SET ascii NULL,
    data                TEXT NULL,
    created_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_event_conversation (conversation_id, id),
    KEY ix_event_created (created_at, id),
    CONSTRAINT fk_event_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One-time values of signed requests (for example Mailgun's token), refused when seen again.
CREATE TABLE webhook_nonce (
    channel_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    nonce       VARCHAR(128) CHARACTER SET ascii NOT NULL,
    seen_at     DATETIME(6) NOT NULL,
    PRIMARY KEY (channel_id, nonce),
    KEY ix_nonce_seen (seen_at)
) ENGINE = InnoDB;
