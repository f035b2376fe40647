-- A tenant's own limits (the limits package), set by its admins within the platform's maxima; NULL = the platform
-- default (switchboard.limits.*). Rate limits are requests per minute and burst, per tenant, on the API and on the
-- public endpoints (webhooks, chat widget); sms_per_day and email_per_day cap the paid messages (replies and
-- broadcast recipients) the tenant may send per UTC day.
CREATE TABLE tenant_limits (
    tenant_id           VARCHAR(64) CHARACTER SET ascii NOT NULL,
    api_per_minute      INT NULL,
    api_burst           INT NULL,
    public_per_minute   INT NULL,
    public_burst        INT NULL,
    sms_per_day         INT NULL,
    email_per_day       INT NULL,
    updated_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (tenant_id),
    CONSTRAINT fk_tenant_limits_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
