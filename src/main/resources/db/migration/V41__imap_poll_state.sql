-- How the IMAP mailbox of an EMAIL channel fared when last polled. A mailbox that fails (unreachable, too slow,
-- wrong password) is polled again only after a delay that doubles with each failure in a row, so that a broken or
-- hostile mailbox costs the pollers little; a success clears it.
CREATE TABLE imap_poll_state (
    channel_id      CHAR(36) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    failures        INT NOT NULL DEFAULT 0,
    next_poll_at    DATETIME(6) NULL,
    last_polled_at  DATETIME(6) NOT NULL,
    last_success_at DATETIME(6) NULL,
    -- A short description of the last failure (never a server's own words); NULL after a success.
    last_error      VARCHAR(300) NULL,
    CONSTRAINT fk_imap_poll_state_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
