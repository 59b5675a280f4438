/**
 * Time zones whose daily rollups are kept for a user. The user's own zone is
 * always kept; a zone asked for through ?tz= is built on first use and the
 * least recently used extra zone is dropped past MAX_EXTRA_ZONES, so ingestion
 * never maintains more than a handful of copies.
 */
import type { Queryable } from '../client.js';
import { listAccountIds } from './accounts.js';
import { rebuildPostDaily, rebuildUserMetrics } from './rollups.js';

export const MAX_EXTRA_ZONES = 3;
const ALL_DAYS = '0001-01-01';

/** The zones ingestion must keep up to date: the user's own first. */
export async function zonesOf(tx: Queryable, userId: number, ownTz: string): Promise<string[]> {
  const rows = await tx.query<{ tz: string }>('SELECT tz FROM rollup_zones WHERE user_id = $1 AND tz <> $2', [userId, ownTz]);
  return [ownTz, ...rows.map((r) => r.tz)];
}

/** Builds every rollup of the user in `tz` from the raw snapshots. */
export async function buildZone(tx: Queryable, userId: number, tz: string): Promise<void> {
  await tx.query('DELETE FROM post_daily WHERE user_id = $1 AND tz = $2', [userId, tz]);
  await tx.query('DELETE FROM user_metrics WHERE user_id = $1 AND tz = $2', [userId, tz]);
  const posts = await tx.query<{ id: number }>('SELECT id FROM platform_posts WHERE user_id = $1', [userId]);
  await rebuildPostDaily(tx, userId, tz, posts.map((p) => ({ postId: p.id, fromDay: ALL_DAYS })));
  for (const accountId of await listAccountIds(tx, userId)) await rebuildUserMetrics(tx, userId, tz, accountId, ALL_DAYS);
}

/**
 * Makes sure rollups in `tz` exist for the user (building them if needed) and
 * marks the zone used. Runs under a per-user advisory lock shared with
 * ingestion, so a build and an ingest never interleave.
 */
export async function ensureZone(db: { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> }, userId: number, tz: string, ownTz: string): Promise<void> {
  if (tz === ownTz) return;
  await db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const touched = await tx.query('UPDATE rollup_zones SET last_used = now() WHERE user_id = $1 AND tz = $2 RETURNING tz', [userId, tz]);
    if (touched.length > 0) return;
    await buildZone(tx, userId, tz);
    await tx.query('INSERT INTO rollup_zones (user_id, tz) VALUES ($1, $2)', [userId, tz]);
    const stale = await tx.query<{ tz: string }>(
      `SELECT tz FROM rollup_zones WHERE user_id = $1 AND tz <> $2 ORDER BY last_used DESC OFFSET $3`,
      [userId, ownTz, MAX_EXTRA_ZONES],
    );
    for (const { tz: old } of stale) {
      await tx.query('DELETE FROM post_daily WHERE user_id = $1 AND tz = $2', [userId, old]);
      await tx.query('DELETE FROM user_metrics WHERE user_id = $1 AND tz = $2', [userId, old]);
      await tx.query('DELETE FROM rollup_zones WHERE user_id = $1 AND tz = $2', [userId, old]);
    }
  });
}

/** Serializes writers of one user's rollups (ingestion, zone builds). */
export async function lockUser(tx: Queryable, userId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(1, $1::int)', [userId]);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in `tz`, by the database's zone rules. */
export async function localDay(tx: Queryable, iso: string, tz: string): Promise<string> {
  const [row] = await tx.query<{ day: string }>('SELECT (($1::timestamptz) AT TIME ZONE $2)::date::text AS day', [iso, tz]);
  return row!.day;
}

/**
 * Makes `tz` the user's own zone. Its rollups are built first (or taken over
 * when it was already kept as an extra zone), so no query ever reads a zone
 * ingestion stopped maintaining; the previous own zone is dropped like an
 * evicted extra zone and is rebuilt if ?tz= asks for it again.
 */
export async function changeOwnZone(db: { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> }, userId: number, tz: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const [user] = await tx.query<{ timezone: string }>('SELECT timezone FROM users WHERE id = $1 FOR UPDATE', [userId]);
    if (!user || user.timezone === tz) return;
    const kept = await tx.query('DELETE FROM rollup_zones WHERE user_id = $1 AND tz = $2 RETURNING tz', [userId, tz]);
    if (kept.length === 0) await buildZone(tx, userId, tz);
    await tx.query('UPDATE users SET timezone = $2 WHERE id = $1', [userId, tz]);
    await tx.query('DELETE FROM post_daily WHERE user_id = $1 AND tz = $2', [userId, user.timezone]);
    await tx.query('DELETE FROM user_metrics WHERE user_id = $1 AND tz = $2', [userId, user.timezone]);
  });
}
