/**
 * Raw observations: post and account snapshots, and per-day values the
 * platforms report. Writes return only what changed, so re-ingesting the same
 * observations leads to no rollup work at all.
 */
import type { Queryable } from '../client.js';

const CHUNK = 50_000;

export interface PostSnapshotRow {
  postId: number;
  metric: string;
  observedAt: string; // ISO
  value: number;
}

/**
 * Creates the yearly partitions of post_snapshots that the given years need.
 * Two transactions may create the same partition at once; the loser gets
 * "already exists" (42P07) even with IF NOT EXISTS, because the existence
 * check runs before it waits on the winner. So the CREATE runs inside a
 * savepoint, and that error means the partition is there: roll back to the
 * savepoint and carry on. The usual case — the partition exists — is one lookup.
 */
export async function ensureSnapshotPartitions(tx: Queryable, years: Iterable<number>): Promise<void> {
  for (const year of new Set(years)) {
    if (!Number.isInteger(year) || year < 1970 || year > 9999) continue;
    const table = `post_snapshots_${year}`;
    const [found] = await tx.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    if (found?.t) continue;
    await tx.query('SAVEPOINT create_partition');
    try {
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${table} PARTITION OF post_snapshots
         FOR VALUES FROM ('${year}-01-01 00:00:00+00') TO ('${year + 1}-01-01 00:00:00+00')`,
      );
      await tx.query('RELEASE SAVEPOINT create_partition');
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT create_partition');
      if ((err as { code?: string }).code !== '42P07') throw err;
    }
  }
}

/**
 * Upserts post snapshots; returns, per post whose snapshots changed, the
 * earliest changed observation (the rollups are rebuilt from that day on).
 */
export async function upsertPostSnapshots(
  tx: Queryable,
  userId: number,
  source: string,
  rows: PostSnapshotRow[],
): Promise<Map<number, string>> {
  const earliest = new Map<number, string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const changed = await tx.query<{ post_id: number; first_changed: Date }>(
      `WITH written AS (
         INSERT INTO post_snapshots (user_id, post_id, metric, observed_at, value, source)
         SELECT $1, * , $6 FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::float8[])
         ON CONFLICT (user_id, post_id, metric, observed_at) DO UPDATE
           SET value = excluded.value, source = excluded.source
           WHERE post_snapshots.value IS DISTINCT FROM excluded.value
         RETURNING post_id, observed_at
       )
       SELECT post_id, min(observed_at) AS first_changed FROM written GROUP BY post_id`,
      [userId, chunk.map((r) => r.postId), chunk.map((r) => r.metric), chunk.map((r) => r.observedAt), chunk.map((r) => r.value), source],
    );
    for (const row of changed) {
      const iso = new Date(row.first_changed).toISOString();
      const known = earliest.get(row.post_id);
      if (known === undefined || iso < known) earliest.set(row.post_id, iso);
    }
  }
  return earliest;
}

/** Upserts account snapshots; returns the earliest changed observation, or null if nothing changed. */
export async function upsertAccountSnapshots(
  tx: Queryable,
  userId: number,
  accountId: number,
  source: string,
  rows: { metric: string; observedAt: string; value: number }[],
): Promise<string | null> {
  if (rows.length === 0) return null;
  const [row] = await tx.query<{ first_changed: Date | null }>(
    `WITH written AS (
       INSERT INTO account_snapshots (user_id, account_id, metric, observed_at, value, source)
       SELECT $1, $2, *, $6 FROM unnest($3::text[], $4::timestamptz[], $5::float8[])
       ON CONFLICT (user_id, account_id, metric, observed_at) DO UPDATE
         SET value = excluded.value, source = excluded.source
         WHERE account_snapshots.value IS DISTINCT FROM excluded.value
       RETURNING observed_at
     )
     SELECT min(observed_at) AS first_changed FROM written`,
    [userId, accountId, rows.map((r) => r.metric), rows.map((r) => r.observedAt), rows.map((r) => r.value), source],
  );
  return row?.first_changed ? new Date(row.first_changed).toISOString() : null;
}

/** Upserts per-day reported values; returns the earliest changed day, or null. */
export async function upsertAccountDaily(
  tx: Queryable,
  userId: number,
  accountId: number,
  source: string,
  rows: { metric: string; day: string; value: number }[],
): Promise<string | null> {
  if (rows.length === 0) return null;
  const [row] = await tx.query<{ first_changed: string | null }>(
    `WITH written AS (
       INSERT INTO account_daily_reported (user_id, account_id, metric, day, value, source)
       SELECT $1, $2, *, $6 FROM unnest($3::text[], $4::date[], $5::float8[])
       ON CONFLICT (user_id, account_id, metric, day) DO UPDATE
         SET value = excluded.value, source = excluded.source
         WHERE account_daily_reported.value IS DISTINCT FROM excluded.value
       RETURNING day
     )
     SELECT min(day)::text AS first_changed FROM written`,
    [userId, accountId, rows.map((r) => r.metric), rows.map((r) => r.day), rows.map((r) => r.value), source],
  );
  return row?.first_changed ?? null;
}

/** The instant of an account's first follower snapshot (the anchor followers are walked back from), or null. */
export async function firstFollowersSnapshotAt(tx: Queryable, userId: number, accountId: number): Promise<string | null> {
  const [row] = await tx.query<{ observed_at: Date }>(
    `SELECT observed_at FROM account_snapshots WHERE user_id = $1 AND account_id = $2 AND metric = 'followers'
     ORDER BY observed_at LIMIT 1`,
    [userId, accountId],
  );
  return row ? new Date(row.observed_at).toISOString() : null;
}
