-- Audience demographics as the platforms report them (issue 8, audience_demographics).
-- Never estimated: a row is what one platform call said about one account, for
-- one dimension, at one time. YouTube Analytics reports viewerPercentage by
-- ageGroup/gender and views by country over a window of days; Instagram
-- reports follower_demographics (lifetime follower counts) by age, gender,
-- country and city, and nothing for accounts under 100 followers.
--
-- One report per (account, dimension, answer): a daily re-read that gets the
-- same answer only moves checked_at, so history grows only when the audience
-- moves. A report with unavailable_reason set says the platform gave no values
-- (and why); it has no value rows.
CREATE TABLE audience_reports (
  id                 bigserial PRIMARY KEY,
  user_id            bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  account_id         bigint NOT NULL REFERENCES platform_accounts (id) ON DELETE CASCADE,
  dimension          text NOT NULL CHECK (dimension IN ('age', 'gender', 'country', 'city')),
  -- Where the numbers came from, e.g. 'youtube_api'; the platform's metric name and what its values count.
  source             text NOT NULL,
  metric             text NOT NULL,
  unit               text NOT NULL CHECK (unit IN ('percent', 'views', 'followers')),
  -- The days the platform's figures cover (YouTube); null for lifetime figures (Instagram).
  period_start       date,
  period_end         date,
  -- What the figures rest on, as the platform reported it next to them (views in the window, followers now); null when unknown.
  basis              text CHECK (basis IN ('views', 'followers')),
  basis_count        double precision,
  unavailable_reason text,
  reported_at        timestamptz NOT NULL,
  checked_at         timestamptz NOT NULL
);
CREATE INDEX audience_reports_user_account ON audience_reports (user_id, account_id, dimension, reported_at DESC);

CREATE TABLE audience_values (
  user_id   bigint NOT NULL,
  report_id bigint NOT NULL REFERENCES audience_reports (id) ON DELETE CASCADE,
  -- The platform's own label: 'age18-24', 'female', 'US' (YouTube); '18-24', 'F', 'US', 'London, England' (Instagram).
  bucket    text NOT NULL,
  value     double precision NOT NULL,
  PRIMARY KEY (user_id, report_id, bucket)
);
