/** Connected platform accounts. Every method takes the owner's user id. */
import type { Queryable } from '../client.js';
import type { Platform } from '../../analytics/catalog.js';

export interface AccountRow {
  id: number;
  user_id: number;
  platform: Platform;
  external_id: string;
  handle: string | null;
  display_name: string | null;
  connected_at: Date;
  disconnected_at: Date | null;
  last_synced_at: Date | null;
  last_sync_status: string | null;
  last_error: string | null;
  next_sync_at: Date | null;
  needs_reauth: boolean;
}

const PUBLIC_COLUMNS = `id, user_id, platform, external_id, handle, display_name, connected_at, disconnected_at,
  last_synced_at, last_sync_status, last_error, next_sync_at, needs_reauth`;

export interface NewAccount {
  platform: Platform;
  externalId: string;
  handle?: string | null;
  displayName?: string | null;
  accessTokenEnc?: string | null;
  refreshTokenEnc?: string | null;
  tokenExpiresAt?: Date | null;
}

/** Creates the account, or reconnects it (new tokens) when the user already had it. */
export async function upsertAccount(db: Queryable, userId: number, a: NewAccount): Promise<AccountRow> {
  const [row] = await db.query<AccountRow>(
    `INSERT INTO platform_accounts (user_id, platform, external_id, handle, display_name, access_token_enc, refresh_token_enc, token_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id, platform, external_id) DO UPDATE SET
       handle = excluded.handle, display_name = excluded.display_name,
       access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc,
       token_expires_at = excluded.token_expires_at, disconnected_at = NULL, needs_reauth = false
     RETURNING ${PUBLIC_COLUMNS}`,
    [userId, a.platform, a.externalId, a.handle ?? null, a.displayName ?? null, a.accessTokenEnc ?? null, a.refreshTokenEnc ?? null, a.tokenExpiresAt ?? null],
  );
  return row!;
}

export async function listAccounts(db: Queryable, userId: number): Promise<AccountRow[]> {
  return db.query<AccountRow>(`SELECT ${PUBLIC_COLUMNS} FROM platform_accounts WHERE user_id = $1 ORDER BY id`, [userId]);
}

/** Last successful sync per platform, for the dashboard's freshness line. */
export async function lastSyncedByPlatform(db: Queryable, userId: number): Promise<Map<Platform, Date | null>> {
  const rows = await db.query<{ platform: Platform; last: Date | null }>(
    'SELECT platform, max(last_synced_at) AS last FROM platform_accounts WHERE user_id = $1 GROUP BY platform',
    [userId],
  );
  return new Map(rows.map((r) => [r.platform, r.last]));
}

/** What ingestion needs to know of an account: its platform and its owner's time zone. */
export async function accountForIngest(tx: Queryable, userId: number, accountId: number): Promise<{ platform: Platform; timezone: string } | null> {
  const [row] = await tx.query<{ platform: Platform; timezone: string }>(
    `SELECT a.platform, u.timezone FROM platform_accounts a JOIN users u ON u.id = a.user_id
     WHERE a.user_id = $1 AND a.id = $2 FOR UPDATE OF a`,
    [userId, accountId],
  );
  return row ?? null;
}

/** Adds metrics to the account's reported set; true when any was new. */
export async function addReportedMetrics(tx: Queryable, userId: number, accountId: number, metrics: string[]): Promise<boolean> {
  if (metrics.length === 0) return false;
  const rows = await tx.query(
    `UPDATE platform_accounts SET reported_metrics = ARRAY(SELECT DISTINCT unnest(reported_metrics || $3::text[]) ORDER BY 1)
     WHERE user_id = $1 AND id = $2 AND NOT (reported_metrics @> $3::text[])
     RETURNING id`,
    [userId, accountId, metrics],
  );
  return rows.length > 0;
}

export async function listAccountIds(db: Queryable, userId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>('SELECT id FROM platform_accounts WHERE user_id = $1 ORDER BY id', [userId]);
  return rows.map((r) => r.id);
}

/** Whether the user has an account with this id (someone else's is the same as none). */
export async function hasAccount(db: Queryable, userId: number, accountId: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM platform_accounts WHERE user_id = $1 AND id = $2', [userId, accountId])).length > 0;
}

/** Removes an account the import created when its ingest then failed, so nothing is left half-written. */
export async function deleteCreatedAccount(db: Queryable, userId: number, accountId: number): Promise<void> {
  await db.query('DELETE FROM platform_accounts WHERE user_id = $1 AND id = $2', [userId, accountId]);
}

/** Disconnects: tokens are forgotten and syncing stops; history stays. */
export async function disconnectAccount(db: Queryable, userId: number, accountId: number): Promise<void> {
  await db.query(
    `UPDATE platform_accounts SET disconnected_at = now(), access_token_enc = NULL, refresh_token_enc = NULL,
       token_expires_at = NULL, next_sync_at = NULL, sync_checkpoint = NULL
     WHERE user_id = $1 AND id = $2`,
    [userId, accountId],
  );
}

/** Deletes the account and everything that came from it. */
export async function purgeAccount(db: { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> }, userId: number, accountId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(1, $1::int)', [userId]);
    const posts = `SELECT id FROM platform_posts WHERE user_id = $1 AND account_id = $2`;
    await tx.query(`DELETE FROM post_snapshots WHERE user_id = $1 AND post_id IN (${posts})`, [userId, accountId]);
    await tx.query('DELETE FROM post_daily WHERE user_id = $1 AND account_id = $2', [userId, accountId]);
    await tx.query('DELETE FROM content_performance WHERE user_id = $1 AND account_id = $2', [userId, accountId]);
    for (const table of ['account_snapshots', 'account_daily_reported', 'user_metrics']) {
      await tx.query(`DELETE FROM ${table} WHERE user_id = $1 AND account_id = $2`, [userId, accountId]);
    }
    // Content items that were only published through this account go with it.
    await tx.query(
      `DELETE FROM content_items c WHERE c.user_id = $1 AND c.id IN (SELECT content_id FROM platform_posts WHERE user_id = $1 AND account_id = $2)
         AND NOT EXISTS (SELECT 1 FROM platform_posts p WHERE p.user_id = $1 AND p.content_id = c.id AND p.account_id <> $2)`,
      [userId, accountId],
    );
    await tx.query('DELETE FROM platform_accounts WHERE user_id = $1 AND id = $2', [userId, accountId]);
  });
}
