-- Full-text search scoped to the tenant by its index, not by the rows it finds. InnoDB's full-text index is one word
-- list for the whole table: a search for a common word read every tenant's matches, then fetched each matching row
-- to drop the other tenants' ones, so one tenant's search grew with every other tenant's data. The search columns
-- below hold each word of the text behind a short token of its tenant (t + the first 10 hex digits of the SHA-256
-- of the tenant id + _): "refund" of tenant acme is indexed as t822b33ad87_refund, so the index's word list for it
-- holds acme's rows only. SearchQuery builds the same token for the query; the queries still check tenant_id, so two
-- tenants whose tokens were equal would only share an index list, never rows.
--
-- Words are runs of letters, marks, digits and underscores (SearchQuery's separators are the rest). Stored generated
-- columns, so every writer (ingest, replies, imports, an older release during a rolling update) fills them alike.
-- MariaDB copies both tables to add them: writes to messages wait meanwhile (see docs/operations.md, Upgrades).
-- ft_message_text and ft_contact stay for the previous release's searches; a later release drops them.
ALTER TABLE message
    ADD COLUMN search_text MEDIUMTEXT
        AS (REGEXP_REPLACE(`text`, '[\\p{L}\\p{M}\\p{N}_]+', CONCAT('t', LEFT(SHA2(tenant_id, 256), 10), '_\\0')))
        STORED,
    ADD FULLTEXT KEY ft_message_search (search_text);

ALTER TABLE contact
    ADD COLUMN search_text TEXT
        AS (REGEXP_REPLACE(CONCAT_WS(' ', name, email, phone), '[\\p{L}\\p{M}\\p{N}_]+',
            CONCAT('t', LEFT(SHA2(tenant_id, 256), 10), '_\\0')))
        STORED,
    ADD FULLTEXT KEY ft_contact_search (search_text);
