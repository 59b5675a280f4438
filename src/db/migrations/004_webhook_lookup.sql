-- Webhooks name an account by its platform id only (app-wide notifications):
-- find it without scanning every user's accounts.
CREATE INDEX platform_accounts_platform_external ON platform_accounts (platform, external_id);
