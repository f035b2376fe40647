-- Availability: the current value on the operator (a new operator is OFFLINE), and every period as a row of
-- operator_availability [started_at, ended_at); the open period (ended_at NULL) is the current one. Reports
-- overlap periods with a time range: started_at < :to AND (ended_at IS NULL OR ended_at > :from).
ALTER TABLE operator
    ADD COLUMN availability       VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'OFFLINE',
    ADD COLUMN availability_since DATETIME(6) NULL;

CREATE TABLE operator_availability (
    id            CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id     VARCHAR(64) CHARACTER SET ascii NOT NULL,
    operator_id   CHAR(36) CHARACTER SET ascii NOT NULL,
    availability  VARCHAR(16) CHARACTER SET ascii NOT NULL,
    started_at    DATETIME(6) NOT NULL,
    ended_at      DATETIME(6) NULL,
    PRIMARY KEY (id),
    KEY ix_availability_operator (operator_id, started_at),
    KEY ix_availability_tenant (tenant_id, started_at),
    CONSTRAINT fk_availability_operator FOREIGN KEY (operator_id) REFERENCES operator (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Concurrent conversations per channel kind: the product default (ChannelKind) unless the tenant overrides it,
-- unless the operator overrides that.
CREATE TABLE tenant_capacity (
    tenant_id     VARCHAR(64) CHARACTER SET ascii NOT NULL,
    channel_kind  VARCHAR(16) CHARACTER SET ascii NOT NULL,
    capacity      INT NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (tenant_id, channel_kind),
    CONSTRAINT fk_tenant_capacity_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE operator_capacity (
    operator_id   CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind  VARCHAR(16) CHARACTER SET ascii NOT NULL,
    tenant_id     VARCHAR(64) CHARACTER SET ascii NOT NULL,
    capacity      INT NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (operator_id, channel_kind),
    KEY ix_operator_capacity_tenant (tenant_id, operator_id),
    CONSTRAINT fk_operator_capacity_operator FOREIGN KEY (operator_id) REFERENCES operator (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Teams and their members. last_assigned_at: when the member last got a conversation of the team by
-- auto-assignment (round robin goes to whoever waited longest).
CREATE TABLE team (
    id          CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id   VARCHAR(64) CHARACTER SET ascii NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_team_name (tenant_id, name),
    CONSTRAINT fk_team_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE team_member (
    team_id           CHAR(36) CHARACTER SET ascii NOT NULL,
    operator_id       CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id         VARCHAR(64) CHARACTER SET ascii NOT NULL,
    added_at          DATETIME(6) NOT NULL,
    last_assigned_at  DATETIME(6) NULL,
    PRIMARY KEY (team_id, operator_id),
    KEY ix_team_member_operator (operator_id),
    CONSTRAINT fk_team_member_team FOREIGN KEY (team_id) REFERENCES team (id),
    CONSTRAINT fk_team_member_operator FOREIGN KEY (operator_id) REFERENCES operator (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Where a channel's conversations go: a team, and how they are assigned to its members (OFF, ROUND_ROBIN,
-- LEAST_LOADED). No row: no team, OFF. The sweep finds auto-assigning channels through ix_routing_auto.
CREATE TABLE channel_routing (
    channel_id       CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id        VARCHAR(64) CHARACTER SET ascii NOT NULL,
    team_id          CHAR(36) CHARACTER SET ascii NULL,
    auto_assignment  VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'OFF',
    updated_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (channel_id),
    KEY ix_routing_auto (auto_assignment, tenant_id),
    KEY ix_routing_team (team_id),
    CONSTRAINT fk_routing_channel FOREIGN KEY (channel_id) REFERENCES channel (id),
    CONSTRAINT fk_routing_team FOREIGN KEY (team_id) REFERENCES team (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per tenant that auto-assigns: the auto-assigner holds it (FOR UPDATE) while it assigns, so the
-- assignments of one tenant are made one pass at a time across all replicas. A row of its own, not the
-- tenant's: inserts of tenant-owned rows take shared locks on the tenant row through their foreign keys.
CREATE TABLE assignment_lock (
    tenant_id  VARCHAR(64) CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (tenant_id),
    CONSTRAINT fk_assignment_lock_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB;

-- When a conversation last started waiting for an operator: reopened or handed back (NULL: since created_at).
-- The unassigned OPEN conversations of auto-assigning channels are the assignment queue, oldest first.
ALTER TABLE conversation ADD COLUMN waiting_since DATETIME(6) NULL;
CREATE INDEX ix_conversation_waiting ON conversation (channel_id, status, assignee_id, waiting_since);
-- An operator's load: their OPEN and PENDING conversations per channel.
CREATE INDEX ix_conversation_load ON conversation (assignee_id, status, channel_id);
