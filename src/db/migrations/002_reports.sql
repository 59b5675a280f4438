-- Reports, version 2: share links, schedules and webhook deliveries.
-- analytics_reports (001) keeps the frozen report_data; this adds what the
-- reports API needs around it. Every table carries user_id, indexes start with it.

-- Which schedule made a report (null: made by hand), and how long computing it took.
ALTER TABLE analytics_reports ADD COLUMN schedule_id bigint;
ALTER TABLE analytics_reports ADD COLUMN generation_ms integer;
-- Retention deletes by expiry across users.
CREATE INDEX analytics_reports_expires ON analytics_reports (expires_at);

-- A share link: the URL carries a random token, only its SHA-256 is stored,
-- so a database dump does not hand out working links.
CREATE TABLE report_shares (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  report_id   bigint NOT NULL REFERENCES analytics_reports (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX report_shares_user_report ON report_shares (user_id, report_id);

-- A report made every week or month. next_run_at is an instant (UTC); the
-- range of each run is computed in time_zone.
CREATE TABLE report_schedules (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  report_name   text NOT NULL,
  report_type   text NOT NULL,
  platforms     text[] NOT NULL,
  filters       jsonb NOT NULL DEFAULT '{}',
  export_format text NOT NULL,
  frequency     text NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
  time_zone     text NOT NULL,
  recipients    jsonb NOT NULL DEFAULT '[]',
  next_run_at   timestamptz NOT NULL,
  last_run_at   timestamptz,
  last_status   text,
  last_error    text,
  last_report_id bigint,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_schedules_user ON report_schedules (user_id, id);
CREATE INDEX report_schedules_due ON report_schedules (next_run_at);

ALTER TABLE analytics_reports ADD CONSTRAINT analytics_reports_schedule_fk
  FOREIGN KEY (schedule_id) REFERENCES report_schedules (id) ON DELETE SET NULL;

-- One webhook notification attempt for a scheduled report.
CREATE TABLE report_deliveries (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  schedule_id  bigint NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
  report_id    bigint REFERENCES analytics_reports (id) ON DELETE SET NULL,
  webhook_url  text NOT NULL,
  status       text NOT NULL CHECK (status IN ('delivered', 'failed')),
  http_status  integer,
  error        text,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_deliveries_user_schedule ON report_deliveries (user_id, schedule_id, id);
