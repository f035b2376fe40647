-- A channel's own first-response target in seconds (PATCH /api/v1/channels/{id}, firstResponseTargetSeconds); null
-- keeps the default of its kind (ChannelKind). The inbox's reply-due time, the overview's "past target" and the
-- response-time report's "met target" all read it through ResponseTarget.
ALTER TABLE channel
    ADD COLUMN first_response_target_seconds INT NULL,
    ADD CONSTRAINT ck_channel_response_target CHECK (
        first_response_target_seconds IS NULL OR first_response_target_seconds BETWEEN 1 AND 2592000);
