-- The inbox reads each filter in index order and stops after a page (see InboxQuery): the assignee's index now
-- also fixes the status (so "mine, open" is one ordered scan, and "mine" a merge of one scan per status), and the
-- channel filter (and the kind filter, which is the tenant's channels of that kind) gets an index of its own.
ALTER TABLE conversation
    DROP INDEX ix_conversation_assignee,
    ADD INDEX ix_conversation_assignee (tenant_id, assignee_id, status, last_activity_at, id),
    ADD INDEX ix_conversation_channel (tenant_id, channel_id, status, last_activity_at, id);
