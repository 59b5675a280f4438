-- ROI and cost analysis (issue 8, item 4).
-- Money is numeric, never double precision: 0.10 + 0.20 is 0.30 here.

-- What the user records: costs and revenue, in the currency they were paid in.
-- Amounts in different currencies are never added together or converted.
CREATE TABLE ledger_entries (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('cost', 'revenue')),
  amount     numeric(14, 2) NOT NULL CHECK (amount > 0),
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  entry_date date NOT NULL,
  category   text NOT NULL CHECK (category IN ('production', 'ad_spend', 'fees', 'tools', 'sponsorship', 'affiliate', 'platform_payout', 'other')),
  platform   text CHECK (platform IN ('youtube', 'tiktok', 'instagram', 'twitter')),
  -- The user's own content item; a deleted item leaves the entry unassigned.
  content_id bigint REFERENCES content_items (id) ON DELETE SET NULL,
  campaign   text,
  note       text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_user_date ON ledger_entries (user_id, entry_date, id);

-- What a platform reported as the account's revenue for a day (YouTube
-- Analytics estimatedRevenue), in the currency it was asked for. Never
-- estimated by us: a channel that is not monetized, or whose owner did not
-- grant the monetary scope, has no rows (absent, not 0). Overwritten when
-- re-read, since platforms revise recent days.
CREATE TABLE account_revenue_daily (
  user_id    bigint NOT NULL,
  account_id bigint NOT NULL REFERENCES platform_accounts (id) ON DELETE CASCADE,
  day        date NOT NULL,
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount     numeric NOT NULL,
  source     text NOT NULL,
  PRIMARY KEY (user_id, account_id, currency, day)
);
