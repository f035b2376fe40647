-- report_calendar held the tenants' local days for V15's stored routines. V54 moved the rollups into the application,
-- which computes local days from tenant.time_zone; since then no code reads or writes the table (the release before
-- this one included, so a rolling update is safe). Dropping it needs the DROP privilege, part of the table DDL grant
-- in docs/operations.md.
DROP TABLE report_calendar;
