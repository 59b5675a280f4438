-- Sync engine state.

-- When each cadence tier last ran for the account ({"hot": "...", "regular": "...", ...}),
-- where an interrupted sync resumes, and how many retries the current failure has had.
ALTER TABLE platform_accounts ADD COLUMN sync_tiers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE platform_accounts ADD COLUMN sync_checkpoint jsonb;
ALTER TABLE platform_accounts ADD COLUMN retry_attempt integer NOT NULL DEFAULT 0;
CREATE INDEX platform_accounts_due ON platform_accounts (next_sync_at) WHERE disconnected_at IS NULL AND needs_reauth = false;

-- One row per sync run: what /analytics/sync/status and /metrics report.
CREATE TABLE sync_runs (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  account_id    bigint NOT NULL REFERENCES platform_accounts (id) ON DELETE CASCADE,
  platform      text NOT NULL,
  tier          text NOT NULL,
  reason        text NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  status        text NOT NULL,          -- running | success | partial | deferred | failed | needs_reauth
  requests      integer NOT NULL DEFAULT 0,
  units         integer NOT NULL DEFAULT 0,
  latency_ms_total double precision NOT NULL DEFAULT 0,
  observations  integer NOT NULL DEFAULT 0,
  error         text,
  error_kind    text,                   -- unavailable | rate_limited | quota_exceeded | auth | permanent | internal
  retry_at      timestamptz             -- when the engine will try again, if it will
);
CREATE INDEX sync_runs_user ON sync_runs (user_id, started_at DESC);
CREATE INDEX sync_runs_account ON sync_runs (account_id, started_at DESC);

-- OAuth authorization requests waiting for their callback (state → user, PKCE verifier).
CREATE TABLE oauth_states (
  state         text PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform      text NOT NULL,
  code_verifier text,
  redirect_uri  text NOT NULL,
  expires_at    timestamptz NOT NULL
);
