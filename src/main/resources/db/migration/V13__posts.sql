-- Scheduled posts and broadcasts (the scheduling package).
--
-- A post is what an author plans: a text (with variants per target), pages/accounts to publish on (targets), an
-- optional audience to broadcast to (every contact carrying a label, through an SMS or EMAIL channel), a first time
-- and a time zone, and an optional recurrence. next_run_at is the occurrence its Quartz trigger is set for (NULL
-- when nothing is planned). version backs the ETag / If-Match of the post.
CREATE TABLE post (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    author_id               CHAR(36) CHARACTER SET ascii NOT NULL,
    status                  VARCHAR(24) CHARACTER SET ascii NOT NULL,
    text                    TEXT NULL,
    subject                 VARCHAR(998) NULL,
    media                   TEXT NULL,
    audience_channel_id     CHAR(36) CHARACTER SET ascii NULL,
    audience_label          VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    audience_text           TEXT NULL,
    scheduled_at            DATETIME(6) NOT NULL,
    time_zone               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    recurrence_cron         VARCHAR(200) CHARACTER SET ascii NULL,
    recurrence_every_days   INT NULL,
    recurrence_until        DATETIME(6) NULL,
    next_run_at             DATETIME(6) NULL,
    submitted_at            DATETIME(6) NULL,
    approved_by             CHAR(36) CHARACTER SET ascii NULL,
    approved_at             DATETIME(6) NULL,
    version                 INT NOT NULL,
    created_at              DATETIME(6) NOT NULL,
    updated_at              DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_post_calendar (tenant_id, scheduled_at),
    KEY ix_post_status (tenant_id, status, scheduled_at),
    CONSTRAINT fk_post_author FOREIGN KEY (author_id) REFERENCES operator (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The pages and accounts a post goes to, each with an optional text of its own.
CREATE TABLE post_target (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    post_id                 CHAR(36) CHARACTER SET ascii NOT NULL,
    position                INT NOT NULL,
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    text                    TEXT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_post_target (post_id, position),
    CONSTRAINT fk_post_target_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE,
    CONSTRAINT fk_post_target_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One occurrence of a post going out (a one-off post has one; a recurring post one per occurrence). The unique key
-- makes firing idempotent: a trigger that fires twice for one occurrence (a replica died mid-job and Quartz
-- recovered it) finds the publication already there.
CREATE TABLE publication (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    post_id                 CHAR(36) CHARACTER SET ascii NOT NULL,
    occurrence_at           DATETIME(6) NOT NULL,
    fired_at                DATETIME(6) NOT NULL,
    status                  VARCHAR(24) CHARACTER SET ascii NOT NULL,
    recipients              INT NOT NULL,
    finished_at             DATETIME(6) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_publication_occurrence (post_id, occurrence_at),
    KEY ix_publication_open (status, fired_at),
    KEY ix_publication_period (tenant_id, occurrence_at),
    CONSTRAINT fk_publication_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What one publication sends through one channel, as it was when it fired (later edits of the post do not change
-- what is already going out): a FEED item is one delivery, a BROADCAST item one delivery per recipient.
CREATE TABLE publication_item (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    publication_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    position                INT NOT NULL,
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    mode                    VARCHAR(16) CHARACTER SET ascii NOT NULL,
    text                    TEXT NULL,
    subject                 VARCHAR(998) NULL,
    media                   TEXT NULL,
    audience_label          VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_publication_item (publication_id, position),
    CONSTRAINT fk_publication_item_publication FOREIGN KEY (publication_id) REFERENCES publication (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The outbox carries publications too: a delivery is either a reply (message_id) or one item of a publication
-- going to its page/account or to one recipient (publication_item_id, and for broadcasts the contact and the
-- address it goes to). lane 0 holds replies, lane 1 publications: dispatchers claim due replies first, so that an
-- operator's answer never waits behind a broadcast to thousands.
ALTER TABLE delivery
    MODIFY message_id CHAR(36) CHARACTER SET ascii NULL,
    MODIFY conversation_id CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN publication_id CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN publication_item_id CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN recipient_contact_id CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN recipient_address VARCHAR(255) NULL,
    ADD COLUMN lane TINYINT NOT NULL DEFAULT 0,
    ADD KEY ix_delivery_publication (publication_id, status),
    ADD KEY ix_delivery_lane_due (lane, due_at),
    DROP KEY ix_delivery_due,
    ADD CONSTRAINT ck_delivery_subject CHECK (message_id IS NOT NULL OR publication_item_id IS NOT NULL);

-- Whether a manager must approve posts before they are scheduled (the tenant may switch it off).
ALTER TABLE tenant
    ADD COLUMN post_approval_required BOOLEAN NOT NULL DEFAULT TRUE;
