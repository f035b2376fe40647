-- Report rollups (issue 7). Reports read these small tables instead of the raw rows; triggers on the raw tables keep
-- them, in the transaction that changes the raw row, whatever the code path (a heartbeat's close, the idle closer's
-- bulk UPDATE, manual entries, rate re-snapshots, batched ingest). Rows are per LOCAL day of the tenant: a tenant's
-- days are listed in report_calendar (written by the service for the tenant's zone, DST included); a tenant without
-- calendar rows is on UTC days. A work session counts once it has ended: open sessions are not in the rollups.
--
-- Work-session seconds: a session covers the whole seconds t = 0 .. duration_seconds - 1 from started_at; second t
-- belongs to the local day containing started_at + t. Cost is kept exact as cost_minor_seconds = seconds x hourly
-- cost in minor units (the session's own snapshot); reports divide by 3600 and round once per figure.

-- The tenant's local days as UTC instants: [utc_start, utc_end) is local_day.
CREATE TABLE report_calendar (
    tenant_id   VARCHAR(64) CHARACTER SET ascii NOT NULL,
    utc_start   DATETIME(6) NOT NULL,
    utc_end     DATETIME(6) NOT NULL,
    local_day   DATE NOT NULL,
    PRIMARY KEY (tenant_id, utc_start),
    UNIQUE KEY uk_report_calendar_day (tenant_id, local_day)
) ENGINE = InnoDB;

-- Handling seconds and cost of ended work sessions per local day, channel ('' = none: PHONE and other work not
-- carried by a channel), kind and currency ('' = no hourly cost known). sessions: sessions that started that day.
CREATE TABLE report_work_day (
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    day                 DATE NOT NULL,
    channel_key         CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind        VARCHAR(16) CHARACTER SET ascii NOT NULL,
    currency            CHAR(3) CHARACTER SET ascii NOT NULL,
    handling_seconds    BIGINT NOT NULL,
    cost_minor_seconds  DECIMAL(36, 0) NOT NULL,
    sessions            BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, day, channel_key, channel_kind, currency)
) ENGINE = InnoDB;

-- Which conversations were worked on in which period (D = local day, W = ISO week from Monday, M = month; the
-- period named by its first day), with how many session pieces: a conversation counts once per period.
CREATE TABLE report_conversation_period (
    tenant_id        VARCHAR(64) CHARACTER SET ascii NOT NULL,
    granularity      CHAR(1) CHARACTER SET ascii NOT NULL,
    period_start     DATE NOT NULL,
    channel_key      CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind     VARCHAR(16) CHARACTER SET ascii NOT NULL,
    conversation_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    refs             INT NOT NULL,
    PRIMARY KEY (tenant_id, granularity, period_start, channel_key, channel_kind, conversation_id)
) ENGINE = InnoDB;

-- The number of rows of report_conversation_period per period, channel and kind: conversations handled.
CREATE TABLE report_handled_period (
    tenant_id      VARCHAR(64) CHARACTER SET ascii NOT NULL,
    granularity    CHAR(1) CHARACTER SET ascii NOT NULL,
    period_start   DATE NOT NULL,
    channel_key    CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind   VARCHAR(16) CHARACTER SET ascii NOT NULL,
    conversations  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, granularity, period_start, channel_key, channel_kind)
) ENGINE = InnoDB;

-- Counted things per local day, channel and kind. measure: MESSAGES_IN (inbound messages, by created_at),
-- MESSAGES_OUT (outbound messages by created_at, unless CANCELLED or FAILED), DELIVERY_FAILED (outbound messages
-- whose delivery FAILED, on the message's day), RESOLVED (RESOLUTION facts, by the resolve). New counted sources
-- (posts published, broadcast recipients) are new measures.
CREATE TABLE report_count_day (
    tenant_id     VARCHAR(64) CHARACTER SET ascii NOT NULL,
    day           DATE NOT NULL,
    channel_key   CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind  VARCHAR(16) CHARACTER SET ascii NOT NULL,
    measure       VARCHAR(24) CHARACTER SET ascii NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, day, channel_key, channel_kind, measure)
) ENGINE = InnoDB;

-- Drill-down of message counts: the messages of a channel in a period.
CREATE INDEX ix_message_channel_created ON message (channel_id, created_at);
-- Drill-down of work sessions by channel, and the overlap of sessions with a period.
CREATE INDEX ix_work_session_channel ON work_session (tenant_id, channel_id, started_at);

DELIMITER $$

-- The local day of the tenant that contains instant t, and where it ends (UTC).
CREATE FUNCTION report_local_day(p_tenant VARCHAR(64) CHARACTER SET ascii, p_at DATETIME(6)) RETURNS DATE
    READS SQL DATA
BEGIN
    DECLARE v_day DATE DEFAULT NULL;
    -- A local date is the UTC date or a day either side (offsets are within +-14 h): three key lookups.
    SELECT local_day INTO v_day FROM report_calendar
        WHERE tenant_id = p_tenant AND local_day IN (DATE(p_at) - INTERVAL 1 DAY, DATE(p_at), DATE(p_at) + INTERVAL 1 DAY)
          AND utc_start <= p_at AND utc_end > p_at LIMIT 1;
    RETURN COALESCE(v_day, DATE(p_at));
END$$

CREATE FUNCTION report_day_end(p_tenant VARCHAR(64) CHARACTER SET ascii, p_at DATETIME(6)) RETURNS DATETIME(6)
    READS SQL DATA
BEGIN
    DECLARE v_end DATETIME(6) DEFAULT NULL;
    SELECT utc_end INTO v_end FROM report_calendar
        WHERE tenant_id = p_tenant AND local_day IN (DATE(p_at) - INTERVAL 1 DAY, DATE(p_at), DATE(p_at) + INTERVAL 1 DAY)
          AND utc_start <= p_at AND utc_end > p_at LIMIT 1;
    RETURN COALESCE(v_end, CAST(DATE(p_at) + INTERVAL 1 DAY AS DATETIME(6)));
END$$

-- Adds (p_sign = 1) or removes (p_sign = -1) one conversation piece of a period, keeping the handled counter.
CREATE PROCEDURE report_conversation_piece(
    p_tenant VARCHAR(64) CHARACTER SET ascii, p_granularity CHAR(1) CHARACTER SET ascii, p_period DATE,
    p_channel CHAR(36) CHARACTER SET ascii, p_kind VARCHAR(16) CHARACTER SET ascii,
    p_conversation CHAR(36) CHARACTER SET ascii, p_sign INT)
BEGIN
    DECLARE v_refs INT DEFAULT NULL;
    INSERT INTO report_conversation_period
        (tenant_id, granularity, period_start, channel_key, channel_kind, conversation_id, refs)
        VALUES (p_tenant, p_granularity, p_period, p_channel, p_kind, p_conversation, p_sign)
        ON DUPLICATE KEY UPDATE refs = refs + p_sign;
    SELECT refs INTO v_refs FROM report_conversation_period
        WHERE tenant_id = p_tenant AND granularity = p_granularity AND period_start = p_period
          AND channel_key = p_channel AND channel_kind = p_kind AND conversation_id = p_conversation;
    IF p_sign > 0 AND v_refs = p_sign THEN
        INSERT INTO report_handled_period (tenant_id, granularity, period_start, channel_key, channel_kind, conversations)
            VALUES (p_tenant, p_granularity, p_period, p_channel, p_kind, 1)
            ON DUPLICATE KEY UPDATE conversations = conversations + 1;
    ELSEIF p_sign < 0 AND v_refs = 0 THEN
        DELETE FROM report_conversation_period
            WHERE tenant_id = p_tenant AND granularity = p_granularity AND period_start = p_period
              AND channel_key = p_channel AND channel_kind = p_kind AND conversation_id = p_conversation;
        UPDATE report_handled_period SET conversations = conversations - 1
            WHERE tenant_id = p_tenant AND granularity = p_granularity AND period_start = p_period
              AND channel_key = p_channel AND channel_kind = p_kind;
    END IF;
END$$

-- Adds (1) or removes (-1) the contribution of one ended work session, split by the tenant's local days.
CREATE PROCEDURE report_work_apply(
    p_tenant VARCHAR(64) CHARACTER SET ascii, p_conversation CHAR(36) CHARACTER SET ascii,
    p_channel CHAR(36) CHARACTER SET ascii, p_kind VARCHAR(16) CHARACTER SET ascii, p_started DATETIME(6),
    p_duration INT, p_rate BIGINT, p_currency CHAR(3) CHARACTER SET ascii, p_sign INT)
BEGIN
    DECLARE v_done INT DEFAULT 0;
    DECLARE v_next INT;
    DECLARE v_day DATE;
    DECLARE v_at DATETIME(6);
    DECLARE v_channel CHAR(36) CHARACTER SET ascii DEFAULT COALESCE(p_channel, '');
    DECLARE v_currency CHAR(3) CHARACTER SET ascii DEFAULT COALESCE(p_currency, '');
    -- At least one piece: a session of 0 seconds still counts as a session on its day.
    REPEAT
        SET v_at = p_started + INTERVAL v_done SECOND;
        SET v_day = report_local_day(p_tenant, v_at);
        SET v_next = LEAST(p_duration,
            CEIL(TIMESTAMPDIFF(MICROSECOND, p_started, report_day_end(p_tenant, v_at)) / 1000000));
        INSERT INTO report_work_day
            (tenant_id, day, channel_key, channel_kind, currency, handling_seconds, cost_minor_seconds, sessions)
            VALUES (p_tenant, v_day, v_channel, p_kind, v_currency, p_sign * (v_next - v_done),
                    p_sign * (v_next - v_done) * COALESCE(p_rate, 0), IF(v_done = 0, p_sign, 0))
            ON DUPLICATE KEY UPDATE handling_seconds = handling_seconds + VALUES(handling_seconds),
                cost_minor_seconds = cost_minor_seconds + VALUES(cost_minor_seconds),
                sessions = sessions + VALUES(sessions);
        IF p_conversation IS NOT NULL THEN
            CALL report_conversation_piece(p_tenant, 'D', v_day, v_channel, p_kind, p_conversation, p_sign);
            CALL report_conversation_piece(p_tenant, 'W', v_day - INTERVAL WEEKDAY(v_day) DAY, v_channel, p_kind,
                p_conversation, p_sign);
            CALL report_conversation_piece(p_tenant, 'M', v_day - INTERVAL (DAYOFMONTH(v_day) - 1) DAY, v_channel,
                p_kind, p_conversation, p_sign);
        END IF;
        SET v_done = v_next;
    UNTIL v_done >= p_duration END REPEAT;
END$$

CREATE PROCEDURE report_count(
    p_tenant VARCHAR(64) CHARACTER SET ascii, p_at DATETIME(6), p_channel CHAR(36) CHARACTER SET ascii,
    p_kind VARCHAR(16) CHARACTER SET ascii, p_measure VARCHAR(24) CHARACTER SET ascii, p_delta INT)
BEGIN
    IF p_delta <> 0 THEN
        INSERT INTO report_count_day (tenant_id, day, channel_key, channel_kind, measure, n)
            VALUES (p_tenant, report_local_day(p_tenant, p_at), COALESCE(p_channel, ''), p_kind, p_measure, p_delta)
            ON DUPLICATE KEY UPDATE n = n + p_delta;
    END IF;
END$$

-- @switchboard_skip_rollups = 1 in a session turns the triggers off for it: bulk loads only, which must then run
-- report_rebuild (the benchmark's loader does).
CREATE TRIGGER report_work_session_insert AFTER INSERT ON work_session FOR EACH ROW
BEGIN
    IF @switchboard_skip_rollups IS NULL AND NEW.ended_at IS NOT NULL THEN
        CALL report_work_apply(NEW.tenant_id, NEW.conversation_id, NEW.channel_id, NEW.channel_kind, NEW.started_at,
            NEW.duration_seconds, NEW.hourly_cost_minor, NEW.hourly_cost_currency, 1);
    END IF;
END$$

CREATE TRIGGER report_work_session_update AFTER UPDATE ON work_session FOR EACH ROW
BEGIN
    DECLARE v_costs_only BOOLEAN DEFAULT FALSE;
    IF @switchboard_skip_rollups IS NULL AND NOT (
            OLD.ended_at <=> NEW.ended_at AND OLD.started_at <=> NEW.started_at
            AND OLD.duration_seconds <=> NEW.duration_seconds AND OLD.channel_id <=> NEW.channel_id
            AND OLD.channel_kind <=> NEW.channel_kind AND OLD.conversation_id <=> NEW.conversation_id
            AND OLD.hourly_cost_minor <=> NEW.hourly_cost_minor
            AND OLD.hourly_cost_currency <=> NEW.hourly_cost_currency) THEN
        -- A re-costing (rate history changed) moves only cost: the conversations worked on stay as they are.
        SET v_costs_only = OLD.ended_at IS NOT NULL AND OLD.ended_at <=> NEW.ended_at
            AND OLD.started_at <=> NEW.started_at AND OLD.duration_seconds <=> NEW.duration_seconds
            AND OLD.channel_id <=> NEW.channel_id AND OLD.channel_kind <=> NEW.channel_kind
            AND OLD.conversation_id <=> NEW.conversation_id;
        IF OLD.ended_at IS NOT NULL THEN
            CALL report_work_apply(OLD.tenant_id, IF(v_costs_only, NULL, OLD.conversation_id), OLD.channel_id,
                OLD.channel_kind, OLD.started_at, OLD.duration_seconds, OLD.hourly_cost_minor,
                OLD.hourly_cost_currency, -1);
        END IF;
        IF NEW.ended_at IS NOT NULL THEN
            CALL report_work_apply(NEW.tenant_id, IF(v_costs_only, NULL, NEW.conversation_id), NEW.channel_id,
                NEW.channel_kind, NEW.started_at, NEW.duration_seconds, NEW.hourly_cost_minor,
                NEW.hourly_cost_currency, 1);
        END IF;
    END IF;
END$$

CREATE TRIGGER report_work_session_delete AFTER DELETE ON work_session FOR EACH ROW
BEGIN
    IF @switchboard_skip_rollups IS NULL AND OLD.ended_at IS NOT NULL THEN
        CALL report_work_apply(OLD.tenant_id, OLD.conversation_id, OLD.channel_id, OLD.channel_kind, OLD.started_at,
            OLD.duration_seconds, OLD.hourly_cost_minor, OLD.hourly_cost_currency, -1);
    END IF;
END$$

CREATE TRIGGER report_message_insert AFTER INSERT ON message FOR EACH ROW
BEGIN
    DECLARE v_kind VARCHAR(16) CHARACTER SET ascii;
    IF @switchboard_skip_rollups IS NULL AND NEW.direction IN ('INBOUND', 'OUTBOUND') THEN
        SELECT kind INTO v_kind FROM channel WHERE id = NEW.channel_id;
        IF NEW.direction = 'INBOUND' THEN
            CALL report_count(NEW.tenant_id, NEW.created_at, NEW.channel_id, v_kind, 'MESSAGES_IN', 1);
        ELSE
            CALL report_count(NEW.tenant_id, NEW.created_at, NEW.channel_id, v_kind, 'MESSAGES_OUT',
                IF(NEW.delivery_status <=> 'CANCELLED' OR NEW.delivery_status <=> 'FAILED', 0, 1));
            CALL report_count(NEW.tenant_id, NEW.created_at, NEW.channel_id, v_kind, 'DELIVERY_FAILED',
                IF(NEW.delivery_status <=> 'FAILED', 1, 0));
        END IF;
    END IF;
END$$

CREATE TRIGGER report_message_update AFTER UPDATE ON message FOR EACH ROW
BEGIN
    DECLARE v_kind VARCHAR(16) CHARACTER SET ascii;
    IF @switchboard_skip_rollups IS NULL AND NEW.direction = 'OUTBOUND'
            AND NOT (OLD.delivery_status <=> NEW.delivery_status) THEN
        SELECT kind INTO v_kind FROM channel WHERE id = NEW.channel_id;
        CALL report_count(NEW.tenant_id, NEW.created_at, NEW.channel_id, v_kind, 'MESSAGES_OUT',
            IF(NEW.delivery_status <=> 'CANCELLED' OR NEW.delivery_status <=> 'FAILED', 0, 1)
            - IF(OLD.delivery_status <=> 'CANCELLED' OR OLD.delivery_status <=> 'FAILED', 0, 1));
        CALL report_count(NEW.tenant_id, NEW.created_at, NEW.channel_id, v_kind, 'DELIVERY_FAILED',
            IF(NEW.delivery_status <=> 'FAILED', 1, 0) - IF(OLD.delivery_status <=> 'FAILED', 1, 0));
    END IF;
END$$

CREATE TRIGGER report_message_delete AFTER DELETE ON message FOR EACH ROW
BEGIN
    DECLARE v_kind VARCHAR(16) CHARACTER SET ascii;
    IF @switchboard_skip_rollups IS NULL AND OLD.direction IN ('INBOUND', 'OUTBOUND') THEN
        SELECT kind INTO v_kind FROM channel WHERE id = OLD.channel_id;
        IF OLD.direction = 'INBOUND' THEN
            CALL report_count(OLD.tenant_id, OLD.created_at, OLD.channel_id, v_kind, 'MESSAGES_IN', -1);
        ELSE
            CALL report_count(OLD.tenant_id, OLD.created_at, OLD.channel_id, v_kind, 'MESSAGES_OUT',
                -IF(OLD.delivery_status <=> 'CANCELLED' OR OLD.delivery_status <=> 'FAILED', 0, 1));
            CALL report_count(OLD.tenant_id, OLD.created_at, OLD.channel_id, v_kind, 'DELIVERY_FAILED',
                -IF(OLD.delivery_status <=> 'FAILED', 1, 0));
        END IF;
    END IF;
END$$

CREATE TRIGGER report_reporting_event_delete AFTER DELETE ON reporting_event FOR EACH ROW
BEGIN
    IF @switchboard_skip_rollups IS NULL AND OLD.kind = 'RESOLUTION' THEN
        CALL report_count(OLD.tenant_id, OLD.ended_at, OLD.channel_id, OLD.channel_kind, 'RESOLVED', -1);
    END IF;
END$$

CREATE TRIGGER report_reporting_event_insert AFTER INSERT ON reporting_event FOR EACH ROW
BEGIN
    IF @switchboard_skip_rollups IS NULL AND NEW.kind = 'RESOLUTION' THEN
        CALL report_count(NEW.tenant_id, NEW.ended_at, NEW.channel_id, NEW.channel_kind, 'RESOLVED', 1);
    END IF;
END$$

-- Recomputes a tenant's rollups from the raw rows, set-based (after a change of the tenant's zone, or a bulk load
-- with the triggers off). Needs the tenant's calendar rows to cover the data.
CREATE PROCEDURE report_rebuild(p_tenant VARCHAR(64) CHARACTER SET ascii)
BEGIN
    DECLARE v_span INT;
    DELETE FROM report_work_day WHERE tenant_id = p_tenant;
    DELETE FROM report_conversation_period WHERE tenant_id = p_tenant;
    DELETE FROM report_handled_period WHERE tenant_id = p_tenant;
    DELETE FROM report_count_day WHERE tenant_id = p_tenant;

    DROP TEMPORARY TABLE IF EXISTS report_piece;
    -- One row per (session, local day) piece.
    CREATE TEMPORARY TABLE report_piece (
        day DATE NOT NULL, channel_key CHAR(36) CHARACTER SET ascii NOT NULL,
        channel_kind VARCHAR(16) CHARACTER SET ascii NOT NULL, currency CHAR(3) CHARACTER SET ascii NOT NULL,
        conversation_id CHAR(36) CHARACTER SET ascii NULL, seconds BIGINT NOT NULL, rate BIGINT NOT NULL,
        first_piece TINYINT NOT NULL
    ) ENGINE = InnoDB;
    -- Like report_work_apply: the days holding at least one of the session's seconds, and its first day always.
    -- Candidate local days are the UTC date of the start - 1, + 0, + 1 ... as far as the session's length can reach
    -- (offsets are within +-14 h, a local day is at least 23 hours), each found by its key; candidates holding none
    -- of its seconds are dropped.
    SELECT COALESCE(MAX(duration_seconds), 0) DIV 82800 + 3 INTO v_span FROM work_session
        WHERE tenant_id = p_tenant AND ended_at IS NOT NULL;
    SET @report_rebuild_tenant = p_tenant;
    SET @report_rebuild_sql = CONCAT('INSERT INTO report_piece
    SELECT * FROM (
    SELECT c.local_day AS day, COALESCE(s.channel_id, '''') AS channel_key, s.channel_kind,
           COALESCE(s.hourly_cost_currency, '''') AS currency, s.conversation_id,
           LEAST(s.duration_seconds, GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, s.started_at, c.utc_end) / 1000000)))
           - LEAST(s.duration_seconds, GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, s.started_at, c.utc_start) / 1000000)))
             AS seconds,
           COALESCE(s.hourly_cost_minor, 0) AS rate,
           c.utc_start <= s.started_at AND c.utc_end > s.started_at AS first_piece
    FROM work_session s
    JOIN seq_0_to_', v_span, ' o ON o.seq <= s.duration_seconds DIV 82800 + 3
    JOIN report_calendar c ON c.tenant_id = s.tenant_id
        AND c.local_day = DATE(s.started_at) - INTERVAL 1 DAY + INTERVAL o.seq DAY
    WHERE s.tenant_id = ? AND s.ended_at IS NOT NULL
    ) pieces WHERE pieces.seconds > 0 OR pieces.first_piece = 1');
    PREPARE report_rebuild_pieces FROM @report_rebuild_sql;
    EXECUTE report_rebuild_pieces USING @report_rebuild_tenant;
    DEALLOCATE PREPARE report_rebuild_pieces;

    INSERT INTO report_work_day
        (tenant_id, day, channel_key, channel_kind, currency, handling_seconds, cost_minor_seconds, sessions)
    SELECT p_tenant, day, channel_key, channel_kind, currency, SUM(seconds), SUM(CAST(seconds AS DECIMAL(36, 0)) * rate),
           SUM(first_piece)
    FROM report_piece GROUP BY day, channel_key, channel_kind, currency;

    INSERT INTO report_conversation_period
        (tenant_id, granularity, period_start, channel_key, channel_kind, conversation_id, refs)
    SELECT p_tenant, g.granularity,
           CASE g.granularity WHEN 'D' THEN p.day WHEN 'W' THEN p.day - INTERVAL WEEKDAY(p.day) DAY
                ELSE p.day - INTERVAL (DAYOFMONTH(p.day) - 1) DAY END AS period_start,
           p.channel_key, p.channel_kind, p.conversation_id, COUNT(*)
    FROM report_piece p
    JOIN (SELECT 'D' AS granularity UNION ALL SELECT 'W' UNION ALL SELECT 'M') g
    WHERE p.conversation_id IS NOT NULL
    GROUP BY g.granularity, period_start, p.channel_key, p.channel_kind, p.conversation_id;

    INSERT INTO report_handled_period (tenant_id, granularity, period_start, channel_key, channel_kind, conversations)
    SELECT p_tenant, granularity, period_start, channel_key, channel_kind, COUNT(*)
    FROM report_conversation_period WHERE tenant_id = p_tenant
    GROUP BY granularity, period_start, channel_key, channel_kind;

    DROP TEMPORARY TABLE report_piece;

    INSERT INTO report_count_day (tenant_id, day, channel_key, channel_kind, measure, n)
    SELECT p_tenant, d.day, d.channel_id, ch.kind, d.measure, COUNT(*)
    FROM (SELECT m.channel_id,
                 k.local_day AS day,
                 CASE WHEN m.direction = 'INBOUND' THEN 'MESSAGES_IN'
                      WHEN m.delivery_status <=> 'FAILED' THEN 'DELIVERY_FAILED' ELSE 'MESSAGES_OUT' END AS measure
          FROM message m
          JOIN seq_0_to_2 o
          JOIN report_calendar k ON k.tenant_id = m.tenant_id
              AND k.local_day = DATE(m.created_at) - INTERVAL 1 DAY + INTERVAL o.seq DAY
              AND k.utc_start <= m.created_at AND k.utc_end > m.created_at
          WHERE m.tenant_id = p_tenant AND m.direction IN ('INBOUND', 'OUTBOUND')
            AND NOT (m.delivery_status <=> 'CANCELLED')) d
    JOIN channel ch ON ch.id = d.channel_id
    GROUP BY d.day, d.channel_id, ch.kind, d.measure;

    INSERT INTO report_count_day (tenant_id, day, channel_key, channel_kind, measure, n)
    SELECT p_tenant, d.day, d.channel_id, d.channel_kind, 'RESOLVED', COUNT(*)
    FROM (SELECT e.channel_id, e.channel_kind,
                 k.local_day AS day
          FROM reporting_event e
          JOIN seq_0_to_2 o
          JOIN report_calendar k ON k.tenant_id = e.tenant_id
              AND k.local_day = DATE(e.ended_at) - INTERVAL 1 DAY + INTERVAL o.seq DAY
              AND k.utc_start <= e.ended_at AND k.utc_end > e.ended_at
          WHERE e.tenant_id = p_tenant AND e.kind = 'RESOLUTION') d
    GROUP BY d.day, d.channel_id, d.channel_kind;
END$$

DELIMITER ;
