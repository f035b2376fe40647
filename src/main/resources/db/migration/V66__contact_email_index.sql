-- A search for an email address ("zoe@example.com", or its start "zoe@exa") reads the tenant's contacts by address
-- prefix from this index instead of intersecting the full-text lists of its words: "example" and "com" are in
-- nearly every contact's text, so that intersection cost what the tenant's whole contact list costs. Adding a
-- secondary index is done in place: writes go on.
ALTER TABLE contact ADD KEY ix_contact_email (tenant_id, email);
