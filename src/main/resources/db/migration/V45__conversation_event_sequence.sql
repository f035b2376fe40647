-- The position of each event in the shared log, for live streams that resume (Last-Event-ID): increasing in the
-- order the events were written, across tenants and replicas. AUTO_INCREMENT values are taken at insert, before
-- commit, so a reader can see a later value commit before an earlier one; LiveUpdates holds back at such gaps.
-- Rows already in the log are numbered in the table's order; no stream resumes before this migration anyway.
-- Writers leave the column out (the previous release too, during a rolling update).
ALTER TABLE conversation_event
    ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT,
    ADD UNIQUE KEY ux_event_seq (seq),
    ADD KEY ix_event_tenant_seq (tenant_id, seq);
