-- The handling-time log: one row per stretch of work of one operator. LIVE sessions come from the SPA's
-- heartbeats (open while ended_at is null; duration_seconds counts up to the last heartbeat, so sums over open
-- sessions are right too); MANUAL entries are logged by hand (phone calls, off-system work). The hourly cost in
-- force at started_at is kept with the row (re-snapshotted when the operator's rate history changes), so cost
-- reports are one pass over this table. Times are UTC; a session that crosses midnight is one row, and reports
-- split it by period.
CREATE TABLE work_session (
    id                    CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id             VARCHAR(64) CHARACTER SET ascii NOT NULL,
    operator_id           CHAR(36) CHARACTER SET ascii NOT NULL,
    conversation_id       CHAR(36) CHARACTER SET ascii NULL,
    channel_id            CHAR(36) CHARACTER SET ascii NULL,
    channel_kind          VARCHAR(16) CHARACTER SET ascii NOT NULL,
    source                VARCHAR(8) CHARACTER SET ascii NOT NULL,
    started_at            DATETIME(6) NOT NULL,
    last_heartbeat_at     DATETIME(6) NULL,
    ended_at              DATETIME(6) NULL,
    duration_seconds      INT NOT NULL,
    hourly_cost_minor     BIGINT NULL,
    hourly_cost_currency  CHAR(3) CHARACTER SET ascii NULL,
    note                  VARCHAR(2000) NULL,
    -- Who logged the entry (for LIVE sessions: the operator) and who last edited it, and when. Heartbeats and the
    -- closing of a session are not edits.
    created_by            CHAR(36) CHARACTER SET ascii NOT NULL,
    created_at            DATETIME(6) NOT NULL,
    updated_by            CHAR(36) CHARACTER SET ascii NOT NULL,
    updated_at            DATETIME(6) NOT NULL,
    -- The conversation while a LIVE session is open, null once it ended (set together with ended_at): the unique
    -- key lets one operator have one open session per conversation, so two heartbeats at the same moment cannot
    -- open two. (MariaDB refuses a generated column over a foreign-key column, hence kept by the service.)
    open_conversation_id  CHAR(36) CHARACTER SET ascii NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_work_session_open (operator_id, open_conversation_id),
    KEY ix_work_session_period (tenant_id, started_at, id),
    KEY ix_work_session_operator (tenant_id, operator_id, started_at, id),
    KEY ix_work_session_kind (tenant_id, channel_kind, started_at, id),
    KEY ix_work_session_conversation (conversation_id, started_at, id),
    KEY ix_work_session_idle (ended_at, last_heartbeat_at),
    CONSTRAINT fk_work_session_operator FOREIGN KEY (operator_id) REFERENCES operator (id),
    CONSTRAINT fk_work_session_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Audit trail of hand-made changes to work sessions (manual entries, notes): the entry as it was after each
-- change (for a deletion, as it was before). Kept when the entry itself is deleted.
CREATE TABLE work_session_change (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    work_session_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    action              VARCHAR(16) CHARACTER SET ascii NOT NULL,
    changed_by          CHAR(36) CHARACTER SET ascii NOT NULL,
    changed_at          DATETIME(6) NOT NULL,
    entry               TEXT NOT NULL,
    PRIMARY KEY (id),
    KEY ix_work_session_change (work_session_id, changed_at, id),
    KEY ix_work_session_change_tenant (tenant_id, changed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Measured facts, one row each (FIRST_RESPONSE, REPLY, RESOLUTION, HANDLING): what reports aggregate per tenant,
-- kind, channel and period (by ended_at, the moment the fact was measured). source_id names what measured it
-- (the opening, the reply message or the resolving event), so computing a fact again stores nothing.
CREATE TABLE reporting_event (
    id                  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    kind                VARCHAR(16) CHARACTER SET ascii NOT NULL,
    conversation_id     CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind        VARCHAR(16) CHARACTER SET ascii NOT NULL,
    operator_id         CHAR(36) CHARACTER SET ascii NULL,
    started_at          DATETIME(6) NOT NULL,
    ended_at            DATETIME(6) NOT NULL,
    seconds             BIGINT NOT NULL,
    source_id           CHAR(36) CHARACTER SET ascii NOT NULL,
    created_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_reporting_event (kind, source_id),
    KEY ix_reporting_event_period (tenant_id, kind, ended_at),
    KEY ix_reporting_event_operator (tenant_id, operator_id, kind, ended_at),
    KEY ix_reporting_event_conversation (conversation_id, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- How far background processors have read the conversations' history; the row is also their lock (one replica
-- at a time: SELECT ... FOR UPDATE SKIP LOCKED). Starting at the epoch, the first run measures all history.
CREATE TABLE reporting_watermark (
    processor   VARCHAR(64) CHARACTER SET ascii NOT NULL,
    watermark   DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (processor)
) ENGINE = InnoDB;

INSERT INTO reporting_watermark (processor, watermark, updated_at)
VALUES ('reporting-facts', '1970-01-01 00:00:00', '1970-01-01 00:00:00');
