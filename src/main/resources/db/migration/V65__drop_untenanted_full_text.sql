-- The full-text indexes that searched the whole table's word list, every tenant's, replaced by V64's tenant-scoped
-- ones (ft_message_search, ft_contact_search). No release since V64 reads them; each message write still had to
-- update both its full-text indexes. Dropping a full-text index is done in place: no copy, writes go on.
-- A replica of a release before V64 still serving on this schema cannot search (its MATCH finds no index): upgrade
-- through V64 first, or let the rollout replace such replicas before searches matter (docs/operations.md, Upgrades).
ALTER TABLE message DROP INDEX ft_message_text;

ALTER TABLE contact DROP INDEX ft_contact;
