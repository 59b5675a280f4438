-- Request budgets without Redis (src/sync/budget-store.ts, dbBudgetStore): what each
-- budget has spent in its current window lives here, so a restart, a crash loop or a
-- second process on the same database counts on from where the last one stopped.
-- One row per budget key ('youtube-data', 'tiktok', 'instagram:<account id>', ...):
-- every take is one INSERT ... ON CONFLICT DO UPDATE on that row, which locks it and
-- reads its latest version, so concurrent takers are serialized as Redis scripts are.
-- Instants are milliseconds of the app's clock (the gate's `now`), not the server's.
CREATE TABLE budget_usage (
  key           text PRIMARY KEY,
  -- Day windows (YouTube's Pacific-day quota): the day `used` counts, YYYY-MM-DD in the window's zone.
  period        text,
  used          integer NOT NULL DEFAULT 0,
  -- Rolling windows: each take still inside the window, as parallel arrays (instant, cost),
  -- pruned on every take; at most `limit` entries, so the row stays small.
  taken_at      bigint[] NOT NULL DEFAULT '{}',
  taken_cost    integer[] NOT NULL DEFAULT '{}',
  -- Until when the platform said no (reset headers, Retry-After).
  blocked_until bigint NOT NULL DEFAULT 0,
  -- The answer to the latest take: 0 granted, else when it could be.
  retry_at      bigint NOT NULL DEFAULT 0
);
