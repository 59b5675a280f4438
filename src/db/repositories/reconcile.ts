/**
 * Reconciliation: the rollups checked against what they are derived from.
 *
 *  totals  summed over all days, post_daily and user_metrics (in the user's
 *          zone) must equal the latest lifetime counters (content_performance),
 *          plus, for clicks in user_metrics, the clicks the platform reports per day.
 *  days    for given days, post_daily and user_metrics must equal a
 *          recomputation from the raw snapshots.
 *
 * The recomputation is written differently from the rollup rebuild on purpose
 * (rollups.ts windows over every snapshot of a post; here each snapshot of the
 * day is paired with the one before it by an index lookup, and each post's first
 * snapshot is put on its publish day), so a bug in one is not repeated in the other.
 * Each check is one statement, so it reads one consistent state even while an
 * ingest commits. Only counters the account reports are compared (others are null).
 */
import { POST_COUNTERS } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

const COUNTERS = [...POST_COUNTERS];

export interface ReconcileAccount {
  userId: number;
  accountId: number;
  platform: string;
  timezone: string;
}

/** One compared figure: the rollup's value and the value it should have. */
export interface ReconcileRow {
  metric: string;
  /** null for all-time totals. */
  day: string | null;
  rollup: 'post_daily' | 'user_metrics';
  actual: number;
  expected: number;
}

/** Up to `limit` accounts with an id above `afterId`, in id order (the job walks them in turns). */
export async function accountsToReconcile(db: Queryable, afterId: number, limit: number): Promise<ReconcileAccount[]> {
  return db.query<ReconcileAccount>(
    `SELECT a.user_id::int AS "userId", a.id::int AS "accountId", a.platform, u.timezone
     FROM platform_accounts a JOIN users u ON u.id = a.user_id
     WHERE a.id > $1 ORDER BY a.id LIMIT $2`,
    [afterId, limit],
  );
}

/** The `recent` latest days of the account's user_metrics and `random` others drawn at random. */
export async function sampleDays(db: Queryable, a: ReconcileAccount, recent: number, random: number): Promise<string[]> {
  const rows = await db.query<{ day: string }>(
    `WITH latest AS (
       SELECT day FROM user_metrics WHERE user_id = $1 AND tz = $3 AND account_id = $2 ORDER BY day DESC LIMIT $4
     ), drawn AS (
       SELECT day FROM user_metrics WHERE user_id = $1 AND tz = $3 AND account_id = $2 AND day NOT IN (SELECT day FROM latest)
       ORDER BY random() LIMIT $5
     )
     SELECT day::text AS day FROM latest UNION SELECT day::text FROM drawn ORDER BY 1`,
    [a.userId, a.accountId, a.timezone, recent, random],
  );
  return rows.map((r) => r.day);
}

/** A VALUES list with a row per (counter, rollup): the SQL of the rollup's value and of the value it should have. */
function unpivot(sources: { rollup: ReconcileRow['rollup']; actual: (m: string) => string; expected: (m: string) => string }[]): string {
  return `(VALUES ${COUNTERS.flatMap((m) =>
    sources.map((s) => `('${m}', '${s.rollup}', ${s.actual(m)}, ${s.expected(m)})`),
  ).join(',\n   ')}) AS v(metric, rollup, actual, expected)`;
}

/** All-time sums of both rollups against the latest lifetime counters. */
export async function reconcileTotals(db: Queryable, a: ReconcileAccount): Promise<ReconcileRow[]> {
  const sums = (table: string) => COUNTERS.map((m) => `coalesce(sum(${m}), 0) AS ${m}`).join(', ') + ` FROM ${table}`;
  const rows = await db.query<ReconcileRow>(
    `WITH acct AS (SELECT reported_metrics FROM platform_accounts WHERE user_id = $1 AND id = $2),
     um AS (SELECT ${sums('user_metrics')} WHERE user_id = $1 AND tz = $3 AND account_id = $2),
     pd AS (SELECT ${sums('post_daily')} WHERE user_id = $1 AND tz = $3 AND account_id = $2),
     life AS (SELECT ${sums('content_performance')} WHERE user_id = $1 AND account_id = $2),
     rep AS (SELECT coalesce(sum(value), 0) AS clicks FROM account_daily_reported WHERE user_id = $1 AND account_id = $2 AND metric = 'clicks')
     SELECT v.metric, NULL::text AS day, v.rollup, v.actual::float8 AS actual, v.expected::float8 AS expected
     FROM um, pd, life, rep, acct CROSS JOIN LATERAL ${unpivot([
       { rollup: 'post_daily', actual: (m) => `pd.${m}`, expected: (m) => `life.${m}` },
       { rollup: 'user_metrics', actual: (m) => `um.${m}`, expected: (m) => (m === 'clicks' ? 'life.clicks + rep.clicks' : `life.${m}`) },
     ])}
     WHERE v.metric = ANY(acct.reported_metrics)`,
    [a.userId, a.accountId, a.timezone],
  );
  return rows.map((r) => ({ ...r, actual: Number(r.actual), expected: Number(r.expected) }));
}

/** Both rollups on the given days against a recomputation from the raw snapshots. */
export async function reconcileDays(db: Queryable, a: ReconcileAccount, days: string[]): Promise<ReconcileRow[]> {
  if (days.length === 0) return [];
  const raw = (m: string) => `coalesce(sum(change) FILTER (WHERE metric = '${m}'), 0) AS ${m}`;
  const rows = await db.query<ReconcileRow>(
    `WITH acct AS (SELECT reported_metrics FROM platform_accounts WHERE user_id = $1 AND id = $2),
     days AS (
       SELECT d AS day, d::timestamp AT TIME ZONE $3 AS day_start, (d + 1)::timestamp AT TIME ZONE $3 AS day_end
       FROM unnest($4::date[]) AS d
     ), posts AS (
       SELECT id, (published_at AT TIME ZONE $3)::date AS publish_day FROM platform_posts WHERE user_id = $1 AND account_id = $2
     ), changes AS (
       -- every snapshot taken on the day, less the one before it (the first has none: it is counted below)
       SELECT d.day, s.metric, s.value - prev.value AS change
       FROM days d CROSS JOIN posts p
       JOIN post_snapshots s ON s.user_id = $1 AND s.post_id = p.id AND s.observed_at >= d.day_start AND s.observed_at < d.day_end
       JOIN LATERAL (
         SELECT q.value FROM post_snapshots q
         WHERE q.user_id = $1 AND q.post_id = p.id AND q.metric = s.metric AND q.observed_at < s.observed_at
         ORDER BY q.observed_at DESC LIMIT 1) prev ON true
       UNION ALL
       -- what a post gathered before it was first watched belongs to its publish day
       SELECT d.day, m.metric, first.value
       FROM days d JOIN posts p ON p.publish_day = d.day CROSS JOIN unnest($5::text[]) AS m(metric)
       JOIN LATERAL (
         SELECT q.value FROM post_snapshots q WHERE q.user_id = $1 AND q.post_id = p.id AND q.metric = m.metric
         ORDER BY q.observed_at LIMIT 1) first ON true
     ), recomputed AS (
       SELECT day, ${COUNTERS.map(raw).join(', ')} FROM changes GROUP BY day
     ), rep AS (
       SELECT day, sum(value) AS clicks FROM account_daily_reported
       WHERE user_id = $1 AND account_id = $2 AND metric = 'clicks' AND day = ANY($4::date[]) GROUP BY day
     ), pd AS (
       SELECT day, ${COUNTERS.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM post_daily
       WHERE user_id = $1 AND tz = $3 AND account_id = $2 AND day = ANY($4::date[]) GROUP BY day
     ), um AS (
       SELECT day, ${COUNTERS.join(', ')} FROM user_metrics
       WHERE user_id = $1 AND tz = $3 AND account_id = $2 AND day = ANY($4::date[])
     )
     SELECT v.metric, d.day::text AS day, v.rollup, v.actual::float8 AS actual, v.expected::float8 AS expected
     FROM days d CROSS JOIN acct
     LEFT JOIN recomputed r ON r.day = d.day LEFT JOIN rep ON rep.day = d.day
     LEFT JOIN pd ON pd.day = d.day LEFT JOIN um ON um.day = d.day
     CROSS JOIN LATERAL ${unpivot([
       { rollup: 'post_daily', actual: (m) => `coalesce(pd.${m}, 0)`, expected: (m) => `coalesce(r.${m}, 0)` },
       {
         rollup: 'user_metrics',
         actual: (m) => `coalesce(um.${m}, 0)`,
         expected: (m) => (m === 'clicks' ? 'coalesce(r.clicks, 0) + coalesce(rep.clicks, 0)' : `coalesce(r.${m}, 0)`),
       },
     ])}
     WHERE v.metric = ANY(acct.reported_metrics)
     ORDER BY d.day, v.metric, v.rollup`,
    [a.userId, a.accountId, a.timezone, days, COUNTERS],
  );
  return rows.map((r) => ({ ...r, actual: Number(r.actual), expected: Number(r.expected) }));
}
