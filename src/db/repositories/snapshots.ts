/**
 * Raw observations: post and account snapshots, and per-day values the
 * platforms report. Writes return only what changed, so re-ingesting the same
 * observations leads to no rollup work at all.
 */
import type { Queryable, Tx } from '../client.js';
import { CopyRows } from '../copy-rows.js';
import { packedRowsSql, unpackRows, type PackedColumn } from '../packed-rows.js';

/**
 * Rows written per step: bounds the COPY data held at once (about 70 bytes a
 * row). Above a sync's batch of 50,000, so such a batch is one lookup and one COPY.
 */
const CHUNK = 100_000;

/** The years post_snapshots has partitions for (created on demand): ingest refuses an observation outside them. */
export const SNAPSHOT_YEARS = { first: 1970, last: 9999 } as const;

export interface PostSnapshotRow {
  postId: number;
  metric: string;
  observedAt: Date;
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
    if (!Number.isInteger(year) || year < SNAPSHOT_YEARS.first || year > SNAPSHOT_YEARS.last) continue;
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

const SNAPSHOT_COLUMNS = ['user_id', 'post_id', 'metric', 'observed_at', 'value', 'source'] as const;

const LATEST_COLUMNS: readonly PackedColumn[] = [
  { name: 'post_id', kind: 'number' },
  { name: 'metric', kind: 'word' },
  // Milliseconds since the epoch: compared with the rows' Dates without parsing a text per key.
  { name: 'last_ms', kind: 'number', sql: '(extract(epoch FROM l.last) * 1000)::float8' },
  // The value it holds: the base of the first appended row's change (post-daily-append.ts).
  { name: 'last_value', kind: 'number', sql: 'l.last_value' },
];

/** Observations appended after the latest stored one of their (post, metric), oldest first. */
export interface AppendedSeries {
  metric: string;
  /** The latest stored observation the first row follows (instant in ms, value); null when the series had none. */
  before: { ms: number; value: number } | null;
  rows: PostSnapshotRow[];
}

export interface SnapshotChanges {
  /** Per post whose snapshots changed: the earliest changed observation (ISO). */
  since: Map<number, string>;
  /**
   * The posts whose every change was an appended observation, with those
   * series: their daily rollup can be extended from the rows in hand
   * (post-daily-append.ts). A post with a revised observation is not here;
   * its rollup is rebuilt from its `since` day (rollups.ts).
   */
  appended: Map<number, AppendedSeries[]>;
}

/**
 * The rows of one (post, metric), oldest first, one row per instant: the
 * later of two rows for the same instant wins, as two upserts in a row would.
 */
function seriesOf(rows: PostSnapshotRow[]): Map<string, PostSnapshotRow[]> {
  const series = new Map<string, PostSnapshotRow[]>();
  for (const row of rows) {
    const key = `${row.postId}\t${row.metric}`;
    const list = series.get(key);
    if (list) list.push(row);
    else series.set(key, [row]);
  }
  for (const [key, list] of series) {
    // Syncs hand observations oldest first, so the sort is usually skipped.
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i += 1) sorted = list[i - 1]!.observedAt.getTime() < list[i]!.observedAt.getTime();
    if (sorted) continue;
    const byInstant = new Map<number, PostSnapshotRow>();
    for (const row of list) byInstant.set(row.observedAt.getTime(), row);
    series.set(key, [...byInstant.values()].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime()));
  }
  return series;
}

/**
 * Upserts post snapshots; returns, per post whose snapshots changed, the
 * earliest changed observation, and the posts whose changes were all appended.
 *
 * Two paths. A sync mostly appends: an observation newer than the latest
 * stored one of its (post, metric) cannot conflict with anything, so those
 * are loaded with COPY ("appended"), in key order so consecutive index
 * insertions land on the same leaf pages. COPY costs a fraction of an INSERT
 * of unnested arrays on both engines (`npm run bench` prints it under
 * "Where ingest time goes"). The rest (a re-sync, an import of older data) goes through
 * INSERT … ON CONFLICT and changes only values that differ, so re-ingesting
 * the same observations writes nothing. The caller holds the user's lock
 * (zones.ts lockUser), so no other ingest can store a newer observation
 * between the lookup and the COPY.
 */
export async function upsertPostSnapshots(
  tx: Tx,
  userId: number,
  source: string,
  rows: PostSnapshotRow[],
  chunk = CHUNK,
): Promise<SnapshotChanges> {
  const earliest = new Map<number, number>();
  const appended = new Map<number, AppendedSeries[]>();
  const revisedPosts = new Set<number>();
  const noteChange = (postId: number, ms: number) => {
    const known = earliest.get(postId);
    if (known === undefined || ms < known) earliest.set(postId, ms);
  };
  for (let i = 0; i < rows.length; i += chunk) {
    const series = seriesOf(rows.slice(i, i + chunk));
    const keys = [...series.values()].map((list) => list[0]!);
    const [found] = await tx.query<{ latest: string | null }>(
      `SELECT ${packedRowsSql(LATEST_COLUMNS, 'k.post_id, k.metric')} AS latest
       FROM unnest($2::bigint[], $3::text[]) AS k(post_id, metric)
       LEFT JOIN LATERAL (
         SELECT s.observed_at AS last, s.value AS last_value FROM post_snapshots s
         WHERE s.user_id = $1 AND s.post_id = k.post_id AND s.metric = k.metric
         ORDER BY s.observed_at DESC LIMIT 1) l ON true`,
      [userId, keys.map((r) => r.postId), keys.map((r) => r.metric)],
    );
    const lastOf = new Map<string, { ms: number; value: number } | null>();
    for (const r of unpackRows<{ post_id: number; metric: string; last_ms: number | null; last_value: number | null }>(found?.latest ?? null, LATEST_COLUMNS)) {
      lastOf.set(`${r.post_id}\t${r.metric}`, r.last_ms === null ? null : { ms: r.last_ms, value: r.last_value! });
    }

    // Key order: by post, then metric, then instant (each series is already oldest first).
    const ordered = [...series.entries()].sort(([, a], [, b]) => a[0]!.postId - b[0]!.postId || (a[0]!.metric < b[0]!.metric ? -1 : a[0]!.metric > b[0]!.metric ? 1 : 0));
    const copy = new CopyRows(SNAPSHOT_COLUMNS.length);
    const revised: PostSnapshotRow[] = [];
    for (const [key, list] of ordered) {
      // The series is oldest first, so what is not newer than the latest stored row is a prefix.
      const last = lastOf.get(key) ?? null;
      let first = 0;
      if (last !== null) while (first < list.length && list[first]!.observedAt.getTime() <= last.ms) revised.push(list[first++]!);
      if (first === list.length) continue;
      const postId = list[0]!.postId;
      noteChange(postId, list[first]!.observedAt.getTime());
      const series: AppendedSeries = { metric: list[0]!.metric, before: last, rows: first === 0 ? list : list.slice(first) };
      const known = appended.get(postId);
      if (known) known.push(series);
      else appended.set(postId, [series]);
      for (let i = first; i < list.length; i += 1) {
        copy.row().int8(userId).int8(postId).text(series.metric).timestamptz(list[i]!.observedAt.getTime()).float8(list[i]!.value).text(source);
      }
    }
    await tx.copyRows('post_snapshots', SNAPSHOT_COLUMNS, copy);
    if (revised.length === 0) continue;

    const changed = await tx.query<{ post_id: number; first_changed: Date }>(
      `WITH revised AS (
         INSERT INTO post_snapshots (user_id, post_id, metric, observed_at, value, source)
         SELECT $1, post_id, metric, observed_at, value, $6
         FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::float8[]) AS i(post_id, metric, observed_at, value)
         ON CONFLICT (user_id, post_id, metric, observed_at) DO UPDATE
           SET value = excluded.value, source = excluded.source
           WHERE post_snapshots.value IS DISTINCT FROM excluded.value
         RETURNING post_id, observed_at
       )
       SELECT post_id, min(observed_at) AS first_changed FROM revised GROUP BY post_id`,
      [userId, revised.map((r) => r.postId), revised.map((r) => r.metric), revised.map((r) => r.observedAt.toISOString()), revised.map((r) => r.value), source],
    );
    for (const row of changed) {
      noteChange(row.post_id, new Date(row.first_changed).getTime());
      revisedPosts.add(row.post_id);
    }
  }
  for (const postId of revisedPosts) appended.delete(postId);
  return { since: new Map([...earliest].map(([postId, ms]) => [postId, new Date(ms).toISOString()])), appended };
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
