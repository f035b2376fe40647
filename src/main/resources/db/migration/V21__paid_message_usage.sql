-- Paid messages (SMS, EMAIL) a tenant wrote into the outbox per UTC day and kind. A reply adds 1, a broadcast its
-- recipients, in the transaction that writes the deliveries, holding the row (FOR UPDATE): so two replicas firing
-- two broadcasts of one tenant at once are counted one after the other, and the daily cap holds exactly. No foreign
-- key to tenant: the lock stays on this row (inserts through a foreign key would share-lock the tenant row).
CREATE TABLE paid_message_usage (
    tenant_id       VARCHAR(64) CHARACTER SET ascii NOT NULL,
    channel_kind    VARCHAR(16) CHARACTER SET ascii NOT NULL,
    day             DATE NOT NULL,
    used            INT NOT NULL,
    PRIMARY KEY (tenant_id, channel_kind, day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Why an occurrence did not go out at all (a broadcast over the day's cap); NULL otherwise.
ALTER TABLE publication
    ADD COLUMN failure_reason VARCHAR(500) NULL;
