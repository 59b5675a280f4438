/**
 * Compaction of raw snapshots older than a horizon (docs/data-retention.md).
 *
 * Every figure derived from raw snapshots depends on them only through:
 *  - the last snapshot of each day (a day's activity is the last value of the
 *    day minus the last value before it; followers at the end of a day are the
 *    last snapshot at or before its end; "followers observed" asks whether the
 *    day has one at all), in each zone rollups are kept for;
 *  - the very first snapshot of each series (its whole value goes to the
 *    publish day, flagged estimated; the first follower snapshot anchors the
 *    walk back through reported gains and losses);
 *  - the latest snapshot (lifetime values), which is never older than the horizon
 *    unless the series ended there, and then it is the last of its day.
 *
 * So a snapshot older than the cutoff is deleted when it is not the first of its
 * series and the next snapshot of the series falls on the same day in every
 * kept zone (UTC, the user's own zone, the extra ?tz= zones in use). What is
 * lost: intra-day movement, and exact day boundaries for a zone first asked
 * for after the compaction.
 *
 * The delete runs per user under the user's rollup lock (ingestion and zone
 * builds take it too), so a zone cannot be added while its days are being thinned.
 * Each user's cutoff is remembered (compaction_watermarks): the next run reads
 * only the days since, so a periodic run costs what the new days cost. An old
 * observation imported again behind the watermark stays (it changes no figure).
 */
import type { Queryable } from '../client.js';

export interface CompactedTable {
  /** post_snapshots_YYYY or account_snapshots. */
  table: string;
  deleted: number;
}

/**
 * Users with raw snapshots observed before `cutoff` that a run has not reached
 * yet, with every zone their rollups are kept in (UTC included) and how far a
 * previous run got (null: never compacted).
 */
export async function usersToCompact(db: Queryable, cutoff: Date): Promise<{ userId: number; zones: string[]; since: Date | null }[]> {
  return db.query<{ userId: number; zones: string[]; since: Date | null }>(
    `SELECT u.id AS "userId",
            array(SELECT DISTINCT z FROM unnest(array['UTC', u.timezone] || coalesce((SELECT array_agg(r.tz) FROM rollup_zones r WHERE r.user_id = u.id), '{}')) AS z ORDER BY z) AS zones,
            w.compacted_before AS since
     FROM users u LEFT JOIN compaction_watermarks w ON w.user_id = u.id
     WHERE (w.compacted_before IS NULL OR w.compacted_before < $1)
       AND (EXISTS (SELECT 1 FROM post_snapshots s WHERE s.user_id = u.id AND s.observed_at < $1)
            OR EXISTS (SELECT 1 FROM account_snapshots s WHERE s.user_id = u.id AND s.observed_at < $1))
     ORDER BY u.id`,
    [cutoff.toISOString()],
  );
}

/**
 * A run re-reads this much before the previous cutoff: the last snapshot before
 * it was kept (its successor was not read yet) and may now turn out to share its
 * day with that successor, which is less than a day later.
 */
export const CONTEXT_MS = 2 * 86_400_000;

/**
 * The snapshots of one series kind (post or account) that compaction deletes,
 * as a subquery over `table` keyed by `key`: observed in [$4, $2), not the first
 * of its series (the first in the range is looked up further back), and
 * followed, before the cutoff, by a snapshot on the same day in every zone of $3.
 */
function redundant(table: 'post_snapshots' | 'account_snapshots', key: 'post_id' | 'account_id'): string {
  return `SELECT ${key}, metric, observed_at FROM (
       SELECT ${key}, metric, observed_at,
              lag(observed_at) OVER w AS previous_at,
              lead(observed_at) OVER w AS next_at
       FROM ${table} WHERE user_id = $1 AND observed_at >= $4 AND observed_at < $2
       WINDOW w AS (PARTITION BY ${key}, metric ORDER BY observed_at)) x
     WHERE next_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS z(tz)
                       WHERE (next_at AT TIME ZONE z.tz)::date <> (observed_at AT TIME ZONE z.tz)::date)
       AND (previous_at IS NOT NULL OR EXISTS (
             SELECT 1 FROM ${table} e WHERE e.user_id = $1 AND e.${key} = x.${key} AND e.metric = x.metric AND e.observed_at < x.observed_at))`;
}

/**
 * Deletes one user's redundant snapshots observed before `cutoff` (from
 * CONTEXT_MS before `since`, where a previous run stopped, when there was one),
 * keeping the first of each series and the last of each day in every zone of
 * `zones`, and records the cutoff as how far the user is compacted. Returns the
 * deleted rows per table (post snapshots per yearly partition). Run it inside
 * the user's rollup lock.
 */
export async function compactUserSnapshots(tx: Queryable, userId: number, cutoff: Date, zones: string[], since: Date | null): Promise<CompactedTable[]> {
  const from = since === null ? '-infinity' : new Date(new Date(since).getTime() - CONTEXT_MS).toISOString();
  const params = [userId, cutoff.toISOString(), zones, from];
  const posts = await tx.query<CompactedTable>(
    `WITH gone AS (
       DELETE FROM post_snapshots s USING (${redundant('post_snapshots', 'post_id')}) d
       WHERE s.user_id = $1 AND s.post_id = d.post_id AND s.metric = d.metric AND s.observed_at = d.observed_at
       RETURNING s.tableoid::regclass::text AS partition
     )
     SELECT partition AS "table", count(*)::int AS deleted FROM gone GROUP BY partition ORDER BY partition`,
    params,
  );
  const [accounts] = await tx.query<{ deleted: number }>(
    `WITH gone AS (
       DELETE FROM account_snapshots s USING (${redundant('account_snapshots', 'account_id')}) d
       WHERE s.user_id = $1 AND s.account_id = d.account_id AND s.metric = d.metric AND s.observed_at = d.observed_at
       RETURNING 1
     )
     SELECT count(*)::int AS deleted FROM gone`,
    params,
  );
  await tx.query(
    `INSERT INTO compaction_watermarks (user_id, compacted_before) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET compacted_before = greatest(compaction_watermarks.compacted_before, excluded.compacted_before)`,
    [userId, cutoff.toISOString()],
  );
  return [...posts, ...(accounts && accounts.deleted > 0 ? [{ table: 'account_snapshots', deleted: accounts.deleted }] : [])];
}

/** A yearly post_snapshots partition whose whole year lies before `cutoff`: nothing but a re-imported old observation writes there. */
export function isPartitionBefore(table: string, cutoff: Date): boolean {
  const year = /^post_snapshots_(\d{4})$/.exec(table)?.[1];
  return year !== undefined && Date.UTC(Number(year) + 1, 0, 1) <= cutoff.getTime();
}

/**
 * Gives the space of deleted rows back. A partition whose year is wholly before
 * the cutoff is rewritten (VACUUM FULL: its file shrinks; the short exclusive
 * lock only holds up a rollup rebuild reading that year); any other table is vacuumed in place, and the space
 * is reused by its next inserts. Outside any transaction.
 */
export async function reclaimSpace(db: Queryable, table: string, rewrite: boolean): Promise<void> {
  if (!/^(post_snapshots_\d{4}|account_snapshots)$/.test(table)) throw new Error(`not a snapshot table: ${table}`);
  await db.query(rewrite ? `VACUUM (FULL, ANALYZE) ${table}` : `VACUUM (ANALYZE) ${table}`);
}

export interface SnapshotTableSize {
  table: string;
  rows: number;
  bytes: number;
}

/** Rows and bytes on disk (table, indexes, TOAST) of every raw snapshot table: each post_snapshots partition and account_snapshots. */
export async function snapshotTableSizes(db: Queryable): Promise<SnapshotTableSize[]> {
  const tables = await db.query<{ table: string }>(
    `SELECT c.relname AS "table" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'post_snapshots'::regclass
     UNION ALL SELECT 'account_snapshots' ORDER BY 1`,
  );
  const out: SnapshotTableSize[] = [];
  for (const { table } of tables) {
    // Names come from the catalog just above; quote_ident keeps them identifiers all the same.
    const [row] = await db.query<{ rows: number; bytes: number }>(
      `SELECT (SELECT count(*) FROM "${table}")::int8 AS rows, pg_total_relation_size(quote_ident($1)::regclass)::int8 AS bytes`,
      [table],
    );
    out.push({ table, rows: Number(row!.rows), bytes: Number(row!.bytes) });
  }
  return out;
}
