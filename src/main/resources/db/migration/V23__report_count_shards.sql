-- Message counts without a hot row (measured in bench/RESULTS.md, "Signed-webhook ingest"): every inbound message
-- added one to the same report_count_day row (tenant, day, channel, kind, MESSAGES_IN), and the row lock, held until
-- commit, serialised the ingest writers' batch transactions and made concurrent raw writers deadlock. Each count is
-- now kept in up to 32 rows per key, one per database connection (CONNECTION_ID() mod 32: a replica's pool of at
-- most 32 connections, opened together, gets consecutive ids and so a row each); readers add them up. A row of a
-- shard may go below zero (a count raised on one connection and lowered on another); the sum is the count.
ALTER TABLE report_count_day
    ADD COLUMN shard TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER measure,
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (tenant_id, day, channel_key, channel_kind, measure, shard);

DROP PROCEDURE report_count;

DELIMITER $$

CREATE PROCEDURE report_count(
    p_tenant VARCHAR(64) CHARACTER SET ascii, p_at DATETIME(6), p_channel CHAR(36) CHARACTER SET ascii,
    p_kind VARCHAR(16) CHARACTER SET ascii, p_measure VARCHAR(24) CHARACTER SET ascii, p_delta INT)
BEGIN
    IF p_delta <> 0 THEN
        INSERT INTO report_count_day (tenant_id, day, channel_key, channel_kind, measure, shard, n)
            VALUES (p_tenant, report_local_day(p_tenant, p_at), COALESCE(p_channel, ''), p_kind, p_measure,
                    CONNECTION_ID() MOD 32, p_delta)
            ON DUPLICATE KEY UPDATE n = n + p_delta;
    END IF;
END$$

DELIMITER ;
