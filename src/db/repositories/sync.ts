/** Sync state of accounts and the record of sync runs. */
import type { Platform } from '../../analytics/catalog.js';
import type { Db, Queryable } from '../client.js';

/** The cadence tiers (src/sync/cadence.ts), as the store records their runs. */
export type SyncTier = 'full' | 'regular' | 'light' | 'hot' | 'discover';
/** tier → ISO time of its last successful run (platform_accounts.sync_tiers). */
export type TierRuns = Partial<Record<SyncTier, string>>;

/** Where an interrupted sync resumes: a connector's step and its cursor (platform_accounts.sync_checkpoint). */
export interface SyncCheckpoint {
  step: string;
  cursor?: string;
}

export interface SyncAccount {
  id: number;
  user_id: number;
  platform: Platform;
  external_id: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
  sync_tiers: TierRuns;
  /** `refresh`: the run also re-reads every known post (a manual sync), so its resumption does too. */
  sync_checkpoint: { tier: string; checkpoint: SyncCheckpoint; refresh?: boolean } | null;
  retry_attempt: number;
  last_synced_at: Date | null;
  needs_reauth: boolean;
  disconnected_at: Date | null;
}

export async function accountForSync(db: Queryable, userId: number, accountId: number): Promise<SyncAccount | null> {
  const [row] = await db.query<SyncAccount>(
    `SELECT id, user_id, platform, external_id, access_token_enc, refresh_token_enc, token_expires_at, sync_tiers,
            sync_checkpoint, retry_attempt, last_synced_at, needs_reauth, disconnected_at
     FROM platform_accounts WHERE user_id = $1 AND id = $2`,
    [userId, accountId],
  );
  return row ?? null;
}

export async function saveTokens(db: Queryable, userId: number, accountId: number, accessEnc: string, refreshEnc: string | null, expiresAt: Date): Promise<void> {
  await db.query(
    `UPDATE platform_accounts SET access_token_enc = $3, refresh_token_enc = coalesce($4, refresh_token_enc), token_expires_at = $5
     WHERE user_id = $1 AND id = $2`,
    [userId, accountId, accessEnc, refreshEnc, expiresAt],
  );
}

export async function saveCheckpoint(db: Queryable, userId: number, accountId: number, value: SyncAccount['sync_checkpoint']): Promise<void> {
  await db.query('UPDATE platform_accounts SET sync_checkpoint = $3 WHERE user_id = $1 AND id = $2', [userId, accountId, value === null ? null : JSON.stringify(value)]);
}

export interface SyncOutcome {
  status: 'success' | 'partial' | 'deferred' | 'failed' | 'needs_reauth';
  error: string | null;
  nextSyncAt: Date;
  /** Set on success: the new tier runs and the sync time. */
  tiers?: TierRuns;
  syncedAt?: Date;
  retryAttempt: number;
  needsReauth?: boolean;
}

export async function recordOutcome(db: Queryable, userId: number, accountId: number, o: SyncOutcome): Promise<void> {
  await db.query(
    `UPDATE platform_accounts SET
       last_sync_status = $3, last_error = $4, next_sync_at = $5,
       sync_tiers = coalesce($6::jsonb, sync_tiers), last_synced_at = coalesce($7, last_synced_at),
       retry_attempt = $8, needs_reauth = needs_reauth OR $9,
       sync_checkpoint = CASE WHEN $3 = 'success' THEN NULL ELSE sync_checkpoint END
     WHERE user_id = $1 AND id = $2`,
    [userId, accountId, o.status, o.error, o.nextSyncAt, o.tiers ? JSON.stringify(o.tiers) : null, o.syncedAt ?? null, o.retryAttempt, o.needsReauth ?? false],
  );
}

export async function hasHotPosts(db: Queryable, userId: number, accountId: number, since: Date): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM platform_posts WHERE user_id = $1 AND account_id = $2 AND published_at > $3 LIMIT 1', [userId, accountId, since]);
  return rows.length > 0;
}

/** The account's newest stored post (discover lists only what is newer). */
export async function newestPost(db: Queryable, userId: number, accountId: number): Promise<{ platform_post_id: string; published_at: Date } | null> {
  const [row] = await db.query<{ platform_post_id: string; published_at: Date }>(
    'SELECT platform_post_id, published_at FROM platform_posts WHERE user_id = $1 AND account_id = $2 ORDER BY published_at DESC, id DESC LIMIT 1',
    [userId, accountId],
  );
  return row ?? null;
}

/** Platform ids of the account's posts published before `before`, youngest first (a manual sync refreshes them in this order). */
export async function postIdsPublishedBefore(db: Queryable, userId: number, accountId: number, before: Date): Promise<string[]> {
  const rows = await db.query<{ platform_post_id: string }>(
    'SELECT platform_post_id FROM platform_posts WHERE user_id = $1 AND account_id = $2 AND published_at < $3 ORDER BY published_at DESC, id DESC',
    [userId, accountId, before],
  );
  return rows.map((r) => r.platform_post_id);
}

/** Accounts whose next sync is due (never synced ones first). Crosses users: only the scheduler calls it. */
export async function dueAccounts(db: Queryable, now: Date, limit: number): Promise<{ id: number; user_id: number }[]> {
  return db.query(
    `SELECT id, user_id FROM platform_accounts
     WHERE disconnected_at IS NULL AND needs_reauth = false AND (next_sync_at IS NULL OR next_sync_at <= $1)
     ORDER BY next_sync_at NULLS FIRST LIMIT $2`,
    [now, limit],
  );
}

export async function startRun(db: Queryable, r: { userId: number; accountId: number; platform: Platform; tier: string; reason: string; startedAt: Date }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO sync_runs (user_id, account_id, platform, tier, reason, started_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING id`,
    [r.userId, r.accountId, r.platform, r.tier, r.reason, r.startedAt],
  );
  return row!.id;
}

/** A run still marked running: live, or left behind by a process that died. */
export interface RunningRun {
  id: number;
  user_id: number;
  account_id: number;
  reason: string;
}

/** Every run still marked running, oldest first. Crosses users: only the engine's recovery pass calls it. */
export async function runningRuns(db: Queryable): Promise<RunningRun[]> {
  return db.query(`SELECT id, user_id, account_id, reason FROM sync_runs WHERE status = 'running' ORDER BY id`);
}

/**
 * Closes the given runs of one account as 'interrupted' (those still running)
 * and, if any was, reschedules the account for `at`: the work the dead process
 * was doing is due again (it resumes from the saved checkpoint). Returns how
 * many runs were closed. The caller holds the account's lock, so no live sync
 * can be writing these rows.
 */
export async function closeInterruptedRuns(
  db: Pick<Db, 'transaction'>,
  userId: number,
  accountId: number,
  runIds: number[],
  at: Date,
  error: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx.query(
      `UPDATE sync_runs SET status = 'interrupted', finished_at = $4, error = $5, error_kind = 'interrupted', retry_at = $4
       WHERE user_id = $1 AND account_id = $2 AND id = ANY($3::bigint[]) AND status = 'running' RETURNING id`,
      [userId, accountId, runIds, at, error],
    );
    if (closed.length === 0) return 0;
    await tx.query(
      `UPDATE platform_accounts SET last_sync_status = 'interrupted', last_error = $3, next_sync_at = $4 WHERE user_id = $1 AND id = $2`,
      [userId, accountId, error, at],
    );
    return closed.length;
  });
}

export async function finishRun(
  db: Queryable,
  userId: number,
  runId: number,
  r: RunResult,
): Promise<void> {
  await db.query(
    `UPDATE sync_runs SET status = $3, requests = $4, units = $5, latency_ms_total = $6, observations = $7, error = $8, finished_at = $9,
       error_kind = $10, retry_at = $11, posts_refreshed = $12, posts_deferred = $13
     WHERE user_id = $1 AND id = $2`,
    [userId, runId, r.status, r.requests, r.units, r.latencyMsTotal, r.observations, r.error, r.finishedAt, r.errorKind, r.retryAt, r.postsRefreshed, r.postsDeferred],
  );
}

export interface RunResult {
  status: string;
  requests: number;
  units: number;
  latencyMsTotal: number;
  observations: number;
  error: string | null;
  errorKind: string | null;
  retryAt: Date | null;
  finishedAt: Date;
  /** Known posts re-read by id in this run, and those left for its resumption; null when it refreshed none by id. */
  postsRefreshed: number | null;
  postsDeferred: number | null;
}

export interface RunRow {
  id: number;
  account_id: number;
  platform: Platform;
  tier: string;
  reason: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  requests: number;
  units: number;
  observations: number;
  error: string | null;
  error_kind: string | null;
  retry_at: Date | null;
  posts_refreshed: number | null;
  posts_deferred: number | null;
}

/** The latest run of each given account started at or after `since` and, if given, newer than run `afterId`. */
export async function latestRuns(db: Queryable, userId: number, accountIds: number[], since: Date, afterId = 0): Promise<RunRow[]> {
  return db.query(
    `SELECT DISTINCT ON (account_id) id, account_id, platform, tier, reason, status, started_at, finished_at, requests, units,
            observations, error, error_kind, retry_at, posts_refreshed, posts_deferred
     FROM sync_runs WHERE user_id = $1 AND account_id = ANY($2::bigint[]) AND started_at >= $3 AND id > $4
     ORDER BY account_id, id DESC`,
    [userId, accountIds, since, afterId],
  );
}

/** The newest run id of the user (0 if none): runs after it are the ones a request started. */
export async function lastRunId(db: Queryable, userId: number): Promise<number> {
  const [row] = await db.query<{ id: number | null }>('SELECT max(id) AS id FROM sync_runs WHERE user_id = $1', [userId]);
  return row?.id ?? 0;
}

export interface PlatformSyncStats {
  platform: Platform;
  runs: number;
  successes: number;
  /** Runs a dead process left behind: finished, not successful. */
  interrupted: number;
  success_rate: number | null;
  avg_latency_ms: number | null;
  requests: number;
  units: number;
  last_run_at: Date | null;
}

/**
 * Per platform since `since`: success rate, API latency, requests and units used.
 * The rate is over finished runs: a run still going has no outcome yet, while an
 * interrupted one has one, and it is not a success.
 */
export async function syncStats(db: Queryable, userId: number, since: Date): Promise<PlatformSyncStats[]> {
  return db.query(
    `SELECT platform, count(*)::int AS runs, count(*) FILTER (WHERE status = 'success')::int AS successes,
            count(*) FILTER (WHERE status = 'interrupted')::int AS interrupted,
            round((100.0 * count(*) FILTER (WHERE status = 'success') / nullif(count(*) FILTER (WHERE status <> 'running'), 0))::numeric, 2)::float8 AS success_rate,
            round((sum(latency_ms_total) / nullif(sum(requests), 0))::numeric, 1)::float8 AS avg_latency_ms,
            coalesce(sum(requests), 0)::int AS requests, coalesce(sum(units), 0)::int AS units, max(started_at) AS last_run_at
     FROM sync_runs WHERE user_id = $1 AND started_at >= $2 GROUP BY platform ORDER BY platform`,
    [userId, since],
  );
}
