-- A provider's report that arrives before the dispatcher recorded SENT (Twilio may call back while our request is
-- still being answered) is kept on the delivery row, which both sides lock, and applied when SENT is recorded.
ALTER TABLE delivery
    ADD COLUMN early_receipt_status VARCHAR(16) CHARACTER SET ascii NULL,
    ADD COLUMN early_receipt_error VARCHAR(1000) NULL;
