/**
 * The first day a user has data on, in a rollup zone: what `range=all` starts at.
 *
 * Read from user_metrics, whose rows per account run from the earliest of the
 * account's post publish days, post and account snapshot days and
 * platform-reported days (rollups.ts, rebuildUserMetrics) in that zone: the
 * earliest publish day or snapshot, and the first day any view has a row for.
 * The raw tables would need a scan of every snapshot of the user (post_snapshots
 * has no index by user and time), on every request before the cache is asked;
 * this is one probe of user_metrics_user_day.
 */
import type { Queryable } from '../client.js';

export async function earliestDataDay(db: Queryable, userId: number, tz: string): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>('SELECT min(day)::text AS day FROM user_metrics WHERE user_id = $1 AND tz = $2', [userId, tz]);
  return row?.day ?? null;
}
