-- What each item of a publication reached, written when the publication ends (PublicationFinisher): page posts
-- published (FEED) or broadcast recipients sent to (BROADCAST), and deliveries that failed. The volume report reads
-- them (few rows: one per page, account or audience per occurrence) instead of counting deliveries.
ALTER TABLE publication_item
    ADD COLUMN sent INT NULL,
    ADD COLUMN failed INT NULL;
CREATE INDEX ix_publication_tenant_occurrence ON publication (tenant_id, occurrence_at, id);
