-- The spec's `PlatformInsights`: what the insight kinds (src/insights/) concluded
-- about one user, recomputed by the insights-refresh job after a sync stored new
-- data. A refresh replaces all of the user's rows in one transaction, so the
-- rows of one user always come from one run (one generated_at).
-- 001 created a placeholder of this table (payload, confidence, computed_at)
-- that nothing ever wrote to; it is replaced by the shape the API serves.
DROP TABLE IF EXISTS platform_insights;
CREATE TABLE platform_insights (
  id               bigserial PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform         text CHECK (platform IN ('youtube', 'tiktok', 'instagram', 'twitter')),  -- null: cross-platform
  insight_type     text NOT NULL,
  insight_data     jsonb NOT NULL,
  -- One line a person reads (dashboard quick insights, report section).
  summary          text NOT NULL,
  confidence_score double precision NOT NULL CHECK (confidence_score >= 0 AND confidence_score <= 1),
  sample_size      integer NOT NULL CHECK (sample_size >= 0),
  generated_at     timestamptz NOT NULL,
  valid_until      timestamptz NOT NULL
);
-- The API filters a user's rows by type (and platform, validity); the dashboard reads by type.
CREATE INDEX platform_insights_user_type_platform ON platform_insights (user_id, insight_type, platform);
CREATE INDEX platform_insights_user_valid ON platform_insights (user_id, valid_until);
