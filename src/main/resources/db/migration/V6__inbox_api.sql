-- Labels are normalised by the service (NFC, trimmed, lower-case) and then compared byte for byte: the unicode
-- collation would make 'café' and 'cafe', or any two emoji, one label and break the primary key.
ALTER TABLE conversation_label MODIFY label VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

-- The inbox filters by team like it filters by status and assignee: newest activity first within the team.
CREATE INDEX ix_conversation_team ON conversation (tenant_id, team_id, last_activity_at, id);
