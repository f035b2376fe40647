-- What a one-time value was first used for (for example the Message-Id a Mailgun token was signed with).
-- A provider's retry of the same delivery reuses the value for the same thing and is let through, so a
-- delivery that failed after its token was recorded is not lost; the same value used for anything else is a
-- replay and is refused.
ALTER TABLE webhook_nonce ADD COLUMN used_for VARCHAR(255) NULL;
