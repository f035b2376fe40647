-- A manager may send a pending post back to its author with a comment (POST /api/v1/posts/{id}/send-back): the post
-- returns to DRAFT and keeps the latest comment, who wrote it and when, for the author to read and answer by editing
-- and submitting again. Nullable columns only: the previous release keeps running on this schema.
ALTER TABLE post
    ADD COLUMN sent_back_comment VARCHAR(2000) NULL,
    ADD COLUMN sent_back_by      CHAR(36) CHARACTER SET ascii NULL,
    ADD COLUMN sent_back_at      DATETIME(6) NULL;
