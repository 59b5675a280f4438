-- Pulseboard schema, version 1.
-- Every row that belongs to a user carries user_id, and every index on such a
-- table starts with it: no query runs unscoped, and one user's data is contiguous.

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL,
  password_hash text NOT NULL,
  timezone      text NOT NULL DEFAULT 'UTC',
  brand_name    text,
  brand_color   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- A connected platform account and its sync state.
CREATE TABLE platform_accounts (
  id                bigserial PRIMARY KEY,
  user_id           bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform          text NOT NULL CHECK (platform IN ('youtube', 'tiktok', 'instagram', 'twitter')),
  external_id       text NOT NULL,
  handle            text,
  display_name      text,
  access_token_enc  text,
  refresh_token_enc text,
  token_expires_at  timestamptz,
  -- Metrics this account has ever reported: a metric outside this set is null, not 0.
  reported_metrics  text[] NOT NULL DEFAULT '{}',
  connected_at      timestamptz NOT NULL DEFAULT now(),
  disconnected_at   timestamptz,
  last_synced_at    timestamptz,
  last_sync_status  text,
  last_error        text,
  next_sync_at      timestamptz,
  needs_reauth      boolean NOT NULL DEFAULT false,
  UNIQUE (user_id, platform, external_id)
);

-- The content library: one item can be published on several platforms.
CREATE TABLE content_items (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_items_user ON content_items (user_id, id);

CREATE TABLE platform_posts (
  id               bigserial PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  account_id       bigint NOT NULL REFERENCES platform_accounts (id) ON DELETE CASCADE,
  content_id       bigint NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  platform         text NOT NULL,
  platform_post_id text NOT NULL,
  url              text,
  title            text,
  caption          text,
  hashtags         text[] NOT NULL DEFAULT '{}',
  media_type       text,
  duration_seconds double precision,
  published_at     timestamptz NOT NULL,
  first_seen_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, platform_post_id)
);
CREATE INDEX platform_posts_user_published ON platform_posts (user_id, published_at);
CREATE INDEX platform_posts_user_content ON platform_posts (user_id, content_id);

-- The spec's `Analytics`: raw snapshots of lifetime counters, never summed.
-- Range-partitioned by year of observation (partitions are created on demand
-- by ingestion), so old years can be compacted or detached without touching
-- the hot one. Retention plan: docs/data-retention.md.
CREATE TABLE post_snapshots (
  user_id     bigint NOT NULL,
  post_id     bigint NOT NULL,
  metric      text NOT NULL,
  observed_at timestamptz NOT NULL,
  value       double precision NOT NULL,
  source      text NOT NULL,
  PRIMARY KEY (user_id, post_id, metric, observed_at)
) PARTITION BY RANGE (observed_at);

CREATE TABLE account_snapshots (
  user_id     bigint NOT NULL,
  account_id  bigint NOT NULL,
  metric      text NOT NULL,
  observed_at timestamptz NOT NULL,
  value       double precision NOT NULL,
  source      text NOT NULL,
  PRIMARY KEY (user_id, account_id, metric, observed_at)
);

-- Per-day values the platform reports itself (overwritten when re-read: platforms revise recent days).
CREATE TABLE account_daily_reported (
  user_id    bigint NOT NULL,
  account_id bigint NOT NULL,
  metric     text NOT NULL,
  day        date NOT NULL,
  value      double precision NOT NULL,
  source     text NOT NULL,
  PRIMARY KEY (user_id, account_id, metric, day)
);

-- Daily rollup per post: activity (sum of snapshot deltas) per day in time zone `tz`.
-- `estimated`: the day carries a first-seen lifetime value attributed to the publish day.
CREATE TABLE post_daily (
  user_id            bigint NOT NULL,
  tz                 text NOT NULL,
  account_id         bigint NOT NULL,
  post_id            bigint NOT NULL,
  day                date NOT NULL,
  views              double precision,
  likes              double precision,
  shares             double precision,
  comments           double precision,
  saves              double precision,
  clicks             double precision,
  impressions        double precision,
  watch_time_minutes double precision,
  estimated          boolean NOT NULL DEFAULT false,
  PRIMARY KEY (user_id, tz, post_id, day)
);
CREATE INDEX post_daily_account_day ON post_daily (user_id, tz, account_id, day);

-- The spec's `UserMetrics`: one row per account per day, from the first day with
-- data to the last, so the dashboard reads ~365 rows per account-year.
CREATE TABLE user_metrics (
  user_id            bigint NOT NULL,
  tz                 text NOT NULL,
  account_id         bigint NOT NULL,
  platform           text NOT NULL,
  day                date NOT NULL,
  views              double precision,
  likes              double precision,
  shares             double precision,
  comments           double precision,
  saves              double precision,
  clicks             double precision,
  impressions        double precision,
  watch_time_minutes double precision,
  followers          double precision,  -- at the end of the day (carried forward from the last snapshot)
  followers_observed boolean NOT NULL DEFAULT false,  -- a follower snapshot was taken this day
  followers_gained   double precision,  -- as reported by the platform
  followers_lost     double precision,
  reach              double precision,  -- unique per day: never summed across days
  profile_views      double precision,
  posts_published    integer NOT NULL DEFAULT 0,
  estimated          boolean NOT NULL DEFAULT false,
  PRIMARY KEY (user_id, tz, account_id, day)
);
CREATE INDEX user_metrics_user_day ON user_metrics (user_id, tz, day);

-- Daily rollups exist per time zone in use: the user's own, plus zones asked
-- for through ?tz= (built on first use, the least recently used dropped past a cap).
CREATE TABLE rollup_zones (
  user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tz        text NOT NULL,
  last_used timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, tz)
);

-- The spec's `ContentPerformance`: latest lifetime values per post.
CREATE TABLE content_performance (
  user_id            bigint NOT NULL,
  post_id            bigint NOT NULL,
  account_id         bigint NOT NULL,
  platform           text NOT NULL,
  published_at       timestamptz NOT NULL,
  views              double precision,
  likes              double precision,
  shares             double precision,
  comments           double precision,
  saves              double precision,
  clicks             double precision,
  impressions        double precision,
  watch_time_minutes double precision,
  reach              double precision,
  engagement         double precision,
  engagement_rate    double precision,
  performance_score  double precision,
  last_updated_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE INDEX content_performance_user_published ON content_performance (user_id, published_at);

-- The spec's `AnalyticsReport`: a report's data is computed once and frozen.
CREATE TABLE analytics_reports (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  report_name   text NOT NULL,
  report_type   text NOT NULL,
  export_format text NOT NULL,
  date_range_start date NOT NULL,
  date_range_end   date NOT NULL,
  platforms     text[] NOT NULL,
  filters       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL,
  report_data   jsonb,
  generated_at  timestamptz,
  expires_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analytics_reports_user ON analytics_reports (user_id, id);

-- The spec's `PlatformInsights`: computed insights with their confidence.
CREATE TABLE platform_insights (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform     text,
  insight_type text NOT NULL,
  payload      jsonb NOT NULL,
  confidence   double precision,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  valid_until  timestamptz
);
CREATE INDEX platform_insights_user ON platform_insights (user_id, insight_type);
