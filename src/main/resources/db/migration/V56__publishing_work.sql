-- Time spent publishing (issue 19, point 2). A work session may name a post (composer heartbeats, or a manual entry
-- naming it, with or without a conversation): its cost goes to the post's channels, not to the channel_id/kind the
-- row carries. open_post_id is the post while a LIVE session on it is open (null once ended, kept by the service like
-- open_conversation_id): one open session per operator and post.
ALTER TABLE work_session
    ADD COLUMN post_id CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN open_post_id CHAR(36) CHARACTER SET ascii NULL,
    ADD UNIQUE KEY uk_work_session_open_post (operator_id, open_post_id),
    ADD KEY ix_work_session_post (tenant_id, post_id, started_at);

-- The channels of a post whose own text (a target's text, the broadcast's text) the operator edited during the
-- session: the session's time goes to those channels only.
CREATE TABLE work_session_post_edit (
    work_session_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id       CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id        VARCHAR(64) CHARACTER SET ascii NOT NULL,
    edited_at        DATETIME(6) NOT NULL,
    PRIMARY KEY (work_session_id, channel_id),
    CONSTRAINT fk_work_session_post_edit FOREIGN KEY (work_session_id) REFERENCES work_session (id) ON DELETE CASCADE
) ENGINE = InnoDB;
