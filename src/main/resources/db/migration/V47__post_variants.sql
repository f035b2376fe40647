-- A/B variants of a post's text (issue 19, point 4).
--
-- post.variants: a JSON array of 2 to 4 texts (variant A, B, C, D) that replace the post's text on every target
-- and in its broadcast; NULL for a post without variants. publication_item.variant: which variant (0 = A) an item
-- carries: a page/X target publishes each variant as a post of its own, a broadcast has one item per variant.
ALTER TABLE post
    ADD COLUMN variants MEDIUMTEXT NULL;

ALTER TABLE publication_item
    ADD COLUMN variant INT NULL;

-- The seed a broadcast occurrence's audience was split with (AudienceSplit), so the stored split can be recomputed
-- and checked; NULL without variants.
ALTER TABLE publication
    ADD COLUMN experiment_seed CHAR(36) CHARACTER SET ascii NULL;

-- Which variant each recipient of a broadcast occurrence got: exactly one row per recipient, written in the
-- transaction that fans the occurrence out, before its deliveries (which are written from it).
CREATE TABLE broadcast_assignment (
    publication_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    contact_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    variant                 INT NOT NULL,
    PRIMARY KEY (publication_id, contact_id),
    KEY ix_broadcast_assignment_variant (publication_id, variant),
    CONSTRAINT fk_broadcast_assignment_publication FOREIGN KEY (publication_id) REFERENCES publication (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
