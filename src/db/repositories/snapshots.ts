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
 *
 * Two paths in one statement. A sync mostly appends: observations newer than
 * the latest stored one of their (post, metric) cannot conflict with anything,
 * so they are inserted plainly ("appended"), which costs about a third less
 * than INSERT … ON CONFLICT on both engines. The rest (a re-sync, an import of
 * older data) goes through ON CONFLICT and changes only values that differ,
 * so re-ingesting the same observations writes nothing. Rows are inserted in
 * key order, so consecutive index insertions land on the same leaf pages.
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
      `WITH input AS (
         SELECT * FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::float8[]) AS i(post_id, metric, observed_at, value)
       ), latest AS (
         SELECT k.post_id, k.metric, l.observed_at AS last
         FROM (SELECT DISTINCT post_id, metric FROM input) k
         LEFT JOIN LATERAL (
           SELECT s.observed_at FROM post_snapshots s
           WHERE s.user_id = $1 AND s.post_id = k.post_id AND s.metric = k.metric
           ORDER BY s.observed_at DESC LIMIT 1) l ON true
       ), split AS (
         SELECT i.*, (l.last IS NULL OR i.observed_at > l.last) AS appended
         FROM input i JOIN latest l ON l.post_id = i.post_id AND l.metric = i.metric
       ), appended AS (
         INSERT INTO post_snapshots (user_id, post_id, metric, observed_at, value, source)
         SELECT $1, post_id, metric, observed_at, value, $6 FROM split WHERE appended
         ORDER BY post_id, metric, observed_at
         RETURNING post_id, observed_at
       ), revised AS (
         INSERT INTO post_snapshots (user_id, post_id, metric, observed_at, value, source)
         SELECT $1, post_id, metric, observed_at, value, $6 FROM split WHERE NOT appended
         ORDER BY post_id, metric, observed_at
         ON CONFLICT (user_id, post_id, metric, observed_at) DO UPDATE
           SET value = excluded.value, source = excluded.source
           WHERE post_snapshots.value IS DISTINCT FROM excluded.value
         RETURNING post_id, observed_at
       )
       SELECT post_id, min(observed_at) AS first_changed
       FROM (SELECT * FROM appended UNION ALL SELECT * FROM revised) written GROUP BY post_id`,
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
