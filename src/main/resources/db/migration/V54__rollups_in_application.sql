-- The report rollups are kept by the application alone (io.switchboard.reporting.rollups.RollupJdbc: in the transaction that
-- writes the facts they count, and rebuilt from the raw rows with the same Java rules), so the rules that split work
-- at local midnight and count messages exist once. The triggers and stored routines of V15 and V23 go, and with them
-- the database account's need for TRIGGER, CREATE ROUTINE and log_bin_trust_function_creators, and the session
-- switch that turned the triggers off for bulk loads. report_calendar (the tenant's local days, which only the
-- routines read) is no longer written or read: the application computes local days from tenant.time_zone. It stays
-- until a later migration, as dropping a table needs the DROP privilege, which the documented grant did not have.
DROP TRIGGER IF EXISTS report_work_session_insert;
DROP TRIGGER IF EXISTS report_work_session_update;
DROP TRIGGER IF EXISTS report_work_session_delete;
DROP TRIGGER IF EXISTS report_message_insert;
DROP TRIGGER IF EXISTS report_message_update;
DROP TRIGGER IF EXISTS report_message_delete;
DROP TRIGGER IF EXISTS report_reporting_event_insert;
DROP TRIGGER IF EXISTS report_reporting_event_delete;

DROP PROCEDURE IF EXISTS report_rebuild;
DROP PROCEDURE IF EXISTS report_work_apply;
DROP PROCEDURE IF EXISTS report_conversation_piece;
DROP PROCEDURE IF EXISTS report_count;
DROP FUNCTION IF EXISTS report_local_day;
DROP FUNCTION IF EXISTS report_day_end;
