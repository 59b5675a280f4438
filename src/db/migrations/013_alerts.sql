-- Alerts (issue 8, item 2): anomalies found in a user's daily numbers, their
-- deliveries, and each user's alert settings.
--
-- One row per episode: consecutive days on which the same series (an account
-- or a post, one metric, one direction) stood out form one episode; days that
-- follow within the user's cool-down join it too. `series_key` names the series
-- ('a:<account>:views:spike', 'p:<post>:views:viral'), `episode_key` the
-- episode (the series and its first day), unique per user, so a detection
-- that runs twice, or two that run at once, store it once.
CREATE TABLE alerts (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  account_id    bigint NOT NULL REFERENCES platform_accounts (id) ON DELETE CASCADE,
  post_id       bigint REFERENCES platform_posts (id) ON DELETE CASCADE,
  platform      text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('spike', 'drop', 'viral')),
  metric        text NOT NULL CHECK (metric IN ('views', 'engagement', 'followers')),
  series_key    text NOT NULL,
  episode_key   text NOT NULL,
  day           date NOT NULL,  -- the episode's first day (user's time zone)
  last_day      date NOT NULL,  -- its latest day so far
  observed      double precision NOT NULL,
  expected      double precision NOT NULL,
  score         double precision NOT NULL,
  status        text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'dismissed')),
  detected_at   timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz,
  UNIQUE (user_id, episode_key)
);
CREATE INDEX alerts_user_day ON alerts (user_id, day, id);
CREATE INDEX alerts_user_series ON alerts (user_id, series_key, last_day);

-- One delivery attempt of an alert (live event, e-mail, webhook). The alert row
-- is committed before any delivery is tried, so a failure here never loses it.
CREATE TABLE alert_deliveries (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  alert_id     bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  channel      text NOT NULL CHECK (channel IN ('live', 'email', 'webhook')),
  status       text NOT NULL CHECK (status IN ('delivered', 'failed')),
  http_status  integer,
  smtp_code    integer,
  error        text,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deliveries_user_alert ON alert_deliveries (user_id, alert_id);

-- Per-user settings; a user without a row has the defaults (src/alerts/settings.ts).
-- The webhook secret is sealed with the server's key (src/auth/secret-box.ts):
-- it is needed in clear to sign, and shown to the user only when generated.
CREATE TABLE alert_settings (
  user_id            bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  spike_threshold    double precision NOT NULL,
  drop_threshold     double precision NOT NULL,
  viral_threshold    double precision NOT NULL,
  cooldown_days      integer NOT NULL,
  email              boolean NOT NULL,
  webhook_url        text,
  webhook_secret_enc text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
