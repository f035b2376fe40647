-- The conversations of one contact, newest activity first (GET /api/v1/conversations?contact=, the contact panel's
-- other conversations): read in index order and stopped after a page, like the inbox's other filters (InboxQuery).
-- It replaces the contact's plain index, which the contact foreign key used: the new one starts with contact_id too.
-- Contact ids are unique across tenants, so the tenant column is not needed to find one contact's rows.
ALTER TABLE conversation
    DROP INDEX ix_conversation_contact,
    ADD INDEX ix_conversation_contact (contact_id, last_activity_at, id);
