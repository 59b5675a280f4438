/**
 * The few reads (and the one compensating delete) the import needs beyond
 * the shared repositories. Every query is scoped to the caller's user id,
 * except `accountOwner`, which exists to tell "not yours" (403) from "does
 * not exist" (404) and returns nothing but the owner and platform.
 */
import type { Platform } from '../analytics/catalog.js';
import type { Queryable } from '../db/client.js';

export async function accountOwner(db: Queryable, accountId: number): Promise<{ user_id: number; platform: Platform } | null> {
  const [row] = await db.query<{ user_id: number; platform: Platform }>('SELECT user_id, platform FROM platform_accounts WHERE id = $1', [accountId]);
  return row ? { user_id: Number(row.user_id), platform: row.platform } : null;
}

/** Latest stored value per (post, metric) observed at or before `at`, keyed `${platformPostId}\n${metric}`. */
export async function latestPostValues(
  db: Queryable,
  userId: number,
  accountId: number,
  platformPostIds: string[],
  metrics: string[],
  at: Date,
): Promise<Map<string, number>> {
  if (platformPostIds.length === 0 || metrics.length === 0) return new Map();
  const rows = await db.query<{ platform_post_id: string; metric: string; value: number }>(
    `SELECT p.platform_post_id, m.metric, v.value
     FROM platform_posts p
     CROSS JOIN unnest($4::text[]) AS m(metric)
     CROSS JOIN LATERAL (
       SELECT s.value FROM post_snapshots s
       WHERE s.user_id = $1 AND s.post_id = p.id AND s.metric = m.metric AND s.observed_at <= $5
       ORDER BY s.observed_at DESC LIMIT 1) v
     WHERE p.user_id = $1 AND p.account_id = $2 AND p.platform_post_id = ANY($3::text[])`,
    [userId, accountId, platformPostIds, metrics, at.toISOString()],
  );
  return new Map(rows.map((r) => [`${r.platform_post_id}\n${r.metric}`, Number(r.value)]));
}

/** For each (metric, instant): the latest stored account value at or before it (null when none). */
export async function latestAccountValues(
  db: Queryable,
  userId: number,
  accountId: number,
  points: { metric: string; observedAt: Date }[],
): Promise<(number | null)[]> {
  if (points.length === 0) return [];
  const rows = await db.query<{ i: number; value: number | null }>(
    `SELECT g.i::int AS i,
       (SELECT s.value FROM account_snapshots s
        WHERE s.user_id = $1 AND s.account_id = $2 AND s.metric = g.metric AND s.observed_at <= g.at
        ORDER BY s.observed_at DESC LIMIT 1) AS value
     FROM unnest($3::text[], $4::timestamptz[]) WITH ORDINALITY AS g(metric, at, i)`,
    [userId, accountId, points.map((p) => p.metric), points.map((p) => p.observedAt.toISOString())],
  );
  const out = new Array<number | null>(points.length).fill(null);
  for (const r of rows) out[r.i - 1] = r.value === null ? null : Number(r.value);
  return out;
}

/** Removes an account the import created when its ingest then failed, so nothing is left half-written. */
export async function deleteCreatedAccount(db: Queryable, userId: number, accountId: number): Promise<void> {
  await db.query('DELETE FROM platform_accounts WHERE user_id = $1 AND id = $2', [userId, accountId]);
}
