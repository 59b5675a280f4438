-- What a sync run did with the posts it was asked to refresh (a manual sync
-- re-reads every known post, youngest first, as far as the budgets allow):
-- how many it refreshed and how many it left for when the run resumes
-- (sync_runs.retry_at). NULL for runs that refresh no known posts by id.
ALTER TABLE sync_runs ADD COLUMN posts_refreshed integer;
ALTER TABLE sync_runs ADD COLUMN posts_deferred integer;
