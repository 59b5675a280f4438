-- Every id the API shows is a UUID, as in the data model (issue 11, item 3).
-- The bigint keys stay the database's own: every snapshot and rollup row
-- carries them, and at ten million points per user an 8-byte key joins and
-- indexes faster than a 16-byte one. Each table whose rows the API names gets
-- a public id beside its key; src/http/public-ids.ts translates at the edge.
-- Existing rows get theirs here, in place: nothing else changes.
ALTER TABLE users ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX users_public_id ON users (public_id);
ALTER TABLE platform_accounts ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX platform_accounts_public_id ON platform_accounts (public_id);
ALTER TABLE content_items ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX content_items_public_id ON content_items (public_id);
ALTER TABLE platform_posts ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX platform_posts_public_id ON platform_posts (public_id);
ALTER TABLE analytics_reports ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX analytics_reports_public_id ON analytics_reports (public_id);
ALTER TABLE report_shares ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX report_shares_public_id ON report_shares (public_id);
ALTER TABLE report_schedules ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX report_schedules_public_id ON report_schedules (public_id);
ALTER TABLE report_deliveries ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX report_deliveries_public_id ON report_deliveries (public_id);
ALTER TABLE alerts ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX alerts_public_id ON alerts (public_id);
ALTER TABLE platform_insights ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX platform_insights_public_id ON platform_insights (public_id);
ALTER TABLE ledger_entries ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX ledger_entries_public_id ON ledger_entries (public_id);
