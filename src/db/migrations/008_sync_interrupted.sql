-- Sync runs a dead process left behind.
--
-- A run row is 'running' from its start until the engine records its outcome.
-- A process killed in between (a crash, OOM, SIGKILL, a host going away)
-- never records it, so the row would say 'running' forever. The engine closes
-- such rows as 'interrupted' (src/sync/engine.ts, recoverInterrupted), looking
-- for them at every start and every scheduler pass: this partial index keeps
-- that look-up to the few running rows however long the run history grows.
CREATE INDEX sync_runs_running ON sync_runs (account_id) WHERE status = 'running';
