-- Metrics of published posts (the engagement package): what each page post and X post got, fetched from the
-- providers on a decaying schedule after publication (about 1 h, 6 h, 24 h, 3 days, 7 days and 30 days).
--
-- One watch per published target (a FEED delivery that the provider accepted): when its next fetch is due, how
-- many fetches in a row failed and why. next_fetch_at is NULL once the schedule is over (stopped_reason says why).
CREATE TABLE post_metrics_watch (
    delivery_id             CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    post_id                 CHAR(36) CHARACTER SET ascii NOT NULL,
    publication_id          CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_kind            VARCHAR(16) CHARACTER SET ascii NOT NULL,
    provider_post_id        VARCHAR(128) CHARACTER SET ascii NOT NULL,
    published_at            DATETIME(6) NOT NULL,
    fetches                 INT NOT NULL DEFAULT 0,
    next_fetch_at           DATETIME(6) NULL,
    failures                INT NOT NULL DEFAULT 0,
    last_error              VARCHAR(1000) NULL,
    stopped_reason          VARCHAR(255) NULL,
    PRIMARY KEY (delivery_id),
    KEY ix_post_metrics_watch_due (next_fetch_at),
    KEY ix_post_metrics_watch_post (tenant_id, post_id),
    KEY ix_post_metrics_watch_channel (tenant_id, channel_id, published_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Each successful fetch: the counts as the provider gave them (NULL = not read, for example insights before
-- their first day, or a metric the provider refused). shares are X reposts; reactions are X likes; comments
-- are X replies. dropped_metrics names the insights metrics the provider refused at this fetch.
CREATE TABLE post_metrics_snapshot (
    id                      CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    delivery_id             CHAR(36) CHARACTER SET ascii NOT NULL,
    post_id                 CHAR(36) CHARACTER SET ascii NOT NULL,
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    fetched_at              DATETIME(6) NOT NULL,
    views                   BIGINT NULL,
    unique_views            BIGINT NULL,
    reactions               BIGINT NULL,
    comments                BIGINT NULL,
    shares                  BIGINT NULL,
    quotes                  BIGINT NULL,
    bookmarks               BIGINT NULL,
    dropped_metrics         VARCHAR(500) NULL,
    PRIMARY KEY (id),
    KEY ix_post_metrics_snapshot_target (delivery_id, fetched_at),
    KEY ix_post_metrics_snapshot_post (tenant_id, post_id, fetched_at),
    KEY ix_post_metrics_snapshot_channel (tenant_id, channel_id, fetched_at),
    CONSTRAINT fk_post_metrics_snapshot_watch FOREIGN KEY (delivery_id) REFERENCES post_metrics_watch (delivery_id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A page's or account's follower count, once a day (UTC day of the fetch).
CREATE TABLE channel_follower_count (
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    day                     DATE NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    followers               BIGINT NOT NULL,
    fetched_at              DATETIME(6) NOT NULL,
    PRIMARY KEY (channel_id, day),
    KEY ix_channel_follower_count_tenant (tenant_id, day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Per channel: until when the provider asked us to wait (a 429 with its reset time: every fetch of the channel
-- waits), and when its follower count is due next, with its failures in a row.
CREATE TABLE channel_metrics_state (
    channel_id              CHAR(36) CHARACTER SET ascii NOT NULL,
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    paused_until            DATETIME(6) NULL,
    followers_due_at        DATETIME(6) NULL,
    followers_failures      INT NOT NULL DEFAULT 0,
    last_error              VARCHAR(1000) NULL,
    PRIMARY KEY (channel_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Insights metrics a provider refused as unknown or retired (Graph error 100 "The value must be a valid insights
-- metric"): never requested again. Platform-wide, since the provider's catalogue is the same for every tenant.
CREATE TABLE provider_metric_refused (
    provider                VARCHAR(16) CHARACTER SET ascii NOT NULL,
    metric                  VARCHAR(100) CHARACTER SET ascii NOT NULL,
    refused_at              DATETIME(6) NOT NULL,
    error                   VARCHAR(1000) NULL,
    PRIMARY KEY (provider, metric)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- X bills per resource read: the tenant's own monthly budget (NULL = the platform default) and what each month
-- used (UTC months, 'YYYY-MM').
CREATE TABLE engagement_settings (
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    x_monthly_read_budget   INT NULL,
    updated_at              DATETIME(6) NOT NULL,
    PRIMARY KEY (tenant_id),
    CONSTRAINT fk_engagement_settings_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE x_read_usage (
    tenant_id               VARCHAR(64) CHARACTER SET ascii NOT NULL,
    month                   CHAR(7) CHARACTER SET ascii NOT NULL,
    reads_used              INT NOT NULL,
    PRIMARY KEY (tenant_id, month)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
