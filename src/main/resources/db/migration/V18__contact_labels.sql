-- Labels on contacts (broadcast audiences: "every contact carrying the label"). Normalised by the service like
-- conversation labels (NFC, trimmed, lower-case) and compared byte for byte (utf8mb4_bin), so 'café' and 'cafe'
-- stay two labels. The tenant is on the row so that an audience is found within its tenant by the index alone:
-- (tenant_id, label, contact_id) walks one tenant's contacts with one label in id order (keyset pages of a
-- fan-out), and each contact's identity on the broadcast channel is found by ix_identity_contact_channel.
CREATE TABLE contact_label (
    contact_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id   VARCHAR(64) CHARACTER SET ascii NOT NULL,
    label       VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (contact_id, label),
    KEY ix_contact_label_audience (tenant_id, label, contact_id),
    CONSTRAINT fk_contact_label_contact FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ix_identity_contact_channel ON contact_identity (contact_id, channel_id, created_at, id);
