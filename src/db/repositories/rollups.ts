/**
 * Rollups: what the dashboard reads instead of raw snapshots.
 *
 *  post_daily          activity per post per day = change between consecutive
 *                      lifetime snapshots, on the day (user's time zone) of the
 *                      later one. A post's first snapshot carries everything
 *                      before we watched; it goes to the publish day, flagged
 *                      estimated. So the sum of all days = the latest lifetime value.
 *  user_metrics        one row per account per day: post activity summed, the
 *                      platform's own daily values, followers at end of day
 *                      (before the first follower snapshot, where the platform
 *                      reports daily gains and losses, walked back from it:
 *                      followers_reconstructed).
 *  content_performance latest lifetime values per post.
 *
 * Each rebuild starts at the first day whose inputs changed; earlier days are untouched.
 */
import { POST_COUNTERS, POST_METRICS, engagementRateSql, engagementSql } from '../../analytics/catalog.js';
import type { Queryable } from '../client.js';

const COUNTERS = [...POST_COUNTERS];

/**
 * For each post whose snapshots changed from `since` on, the first day to
 * rebuild: the day of `since`, or the publish day when a metric got its very
 * first snapshot (its lifetime value belongs to the publish day). A metric
 * got its first snapshot in the rebuilt range exactly when its earliest
 * snapshot lies in it: one index probe per post and metric.
 */
export async function postRebuildDays(
  tx: Queryable,
  userId: number,
  tz: string,
  changed: Map<number, string>,
): Promise<{ postId: number; accountId: number; fromDay: string }[]> {
  if (changed.size === 0) return [];
  return tx.query(
    `WITH affected AS (
       SELECT p.id AS post_id, p.account_id, (p.published_at AT TIME ZONE $2)::date AS publish_day,
              (c.since AT TIME ZONE $2)::date AS since_day,
              (((c.since AT TIME ZONE $2)::date)::timestamp AT TIME ZONE $2) AS since_start
       FROM unnest($3::bigint[], $4::timestamptz[]) AS c(post_id, since)
       JOIN platform_posts p ON p.user_id = $1 AND p.id = c.post_id
     )
     SELECT a.post_id AS "postId", a.account_id AS "accountId",
            (CASE WHEN EXISTS (
               SELECT 1 FROM unnest($5::text[]) AS m(metric)
               CROSS JOIN LATERAL (
                 SELECT s.observed_at FROM post_snapshots s
                 WHERE s.user_id = $1 AND s.post_id = a.post_id AND s.metric = m.metric
                 ORDER BY s.observed_at LIMIT 1) earliest
               WHERE earliest.observed_at >= a.since_start)
             THEN least(a.since_day, a.publish_day) ELSE a.since_day END)::text AS "fromDay"
     FROM affected a`,
    [userId, tz, [...changed.keys()], [...changed.values()], COUNTERS],
  );
}

/** Rebuilds post_daily for the given posts from their fromDay on. */
export async function rebuildPostDaily(tx: Queryable, userId: number, tz: string, posts: { postId: number; fromDay: string }[]): Promise<void> {
  if (posts.length === 0) return;
  const ids = posts.map((p) => p.postId);
  const days = posts.map((p) => p.fromDay);
  // post_id = ANY repeats the join as a condition on post_daily itself. With statistics left stale by a bulk
  // load the planner reads every day of the user by the (account, day) index; the condition drops the other
  // posts' days as they are read instead of hash-joining all of them (10M points: 11.1 s of ingest → 6.2 s).
  // Fresh statistics (the db-statistics job, 10 s after an ingest) are what make it a primary-key lookup.
  await tx.query(
    `DELETE FROM post_daily d USING unnest($2::bigint[], $3::date[]) AS b(post_id, from_day)
     WHERE d.user_id = $1 AND d.tz = $4 AND d.post_id = ANY($2::bigint[]) AND d.post_id = b.post_id AND d.day >= b.from_day`,
    [userId, ids, days, tz],
  );
  // Each day's changes are added oldest first: a float sum depends on its order, and post-daily-append.ts,
  // which adds an ingest's appended changes to the stored days, adds in that order too, so both give the
  // same bits. (All of a group's sums share one ORDER BY: PostgreSQL 16 and later, PGlite among them, sort
  // the rows once for all of them; 15 sorts each sum's rows of a group on its own.) The rebuild runs only
  // for posts with a revised observation and for a zone's first build, so this is off the usual path.
  const sums = COUNTERS.map((m) => `sum(delta ORDER BY observed_at) FILTER (WHERE metric = '${m}') AS ${m}`).join(',\n       ');
  await tx.query(
    `INSERT INTO post_daily (user_id, tz, account_id, post_id, day, ${COUNTERS.join(', ')}, estimated)
     WITH bounds AS (
       SELECT b.post_id, p.account_id, b.from_day::timestamp AT TIME ZONE $2 AS from_start,
              (p.published_at AT TIME ZONE $2)::date AS publish_day
       FROM unnest($3::bigint[], $4::date[]) AS b(post_id, from_day)
       JOIN platform_posts p ON p.user_id = $1 AND p.id = b.post_id
     ), snaps AS (
       -- the snapshots in the rebuilt range ... (every metric: the window partitions by metric and
       -- the sums pick theirs by name, so gauges pass through harmlessly. A metric filter here
       -- tempts PostgreSQL 18's skip scan onto (user_id, metric) over all posts when a bulk load
       -- has left the statistics stale: 300× slower than the lookup by (user_id, post_id).)
       -- Each row carries its post's bounds, so no join back to them is needed after the window.
       SELECT b.post_id, b.account_id, b.from_start, b.publish_day, s.metric, s.observed_at, s.value, false AS is_base
       FROM bounds b JOIN post_snapshots s ON s.user_id = $1 AND s.post_id = b.post_id AND s.observed_at >= b.from_start
       UNION ALL
       -- ... and, per metric, the last one before it: the base of the first delta
       SELECT b.post_id, b.account_id, b.from_start, b.publish_day, m.metric, base.observed_at, base.value, true
       FROM bounds b CROSS JOIN unnest($5::text[]) AS m(metric)
       CROSS JOIN LATERAL (
         SELECT s.observed_at, s.value FROM post_snapshots s
         WHERE s.user_id = $1 AND s.post_id = b.post_id AND s.metric = m.metric AND s.observed_at < b.from_start
         ORDER BY s.observed_at DESC LIMIT 1) base
     ), deltas AS (
       SELECT post_id, account_id, from_start, publish_day, metric, observed_at, is_base,
              lag(value) OVER w IS NULL AS first_seen,
              value - coalesce(lag(value) OVER w, 0) AS delta
       FROM snaps WINDOW w AS (PARTITION BY post_id, metric ORDER BY observed_at)
     ), dated AS (
       SELECT d.*,
              CASE WHEN d.first_seen THEN greatest(d.publish_day, (d.from_start AT TIME ZONE $2)::date)
                   ELSE (d.observed_at AT TIME ZONE $2)::date END AS day
       FROM deltas d
       WHERE NOT d.is_base
     )
     SELECT $1, $2, account_id, post_id, day,
       ${sums},
       bool_or(first_seen)
     FROM dated GROUP BY account_id, post_id, day`,
    [userId, tz, ids, days, COUNTERS],
  );
}

/** Rebuilds user_metrics of one account from fromDay on (one row per day up to the last day with data). */
export async function rebuildUserMetrics(tx: Queryable, userId: number, tz: string, accountId: number, fromDay: string): Promise<void> {
  await tx.query('DELETE FROM user_metrics WHERE user_id = $1 AND tz = $4 AND account_id = $2 AND day >= $3', [userId, accountId, fromDay, tz]);
  const activity = COUNTERS.map((m) =>
    m === 'clicks'
      ? `CASE WHEN 'clicks' = ANY(acct.reported_metrics) THEN coalesce(a.clicks, 0) + coalesce(r.clicks, 0) END`
      : `CASE WHEN '${m}' = ANY(acct.reported_metrics) THEN coalesce(a.${m}, 0) END`,
  );
  await tx.query(
    `INSERT INTO user_metrics (user_id, tz, account_id, platform, day, ${COUNTERS.join(', ')},
       followers, followers_observed, followers_reconstructed, followers_gained, followers_lost, reach, profile_views, posts_published, estimated)
     WITH acct AS (
       SELECT platform, reported_metrics FROM platform_accounts WHERE user_id = $1 AND id = $2
     ), span AS (
       -- post_daily's first and last day as ORDER BY … LIMIT 1: one probe of its (account, day) index. min()
       -- and max() left the choice to the planner, which after a bulk load read every day of the account.
       SELECT least(
           (SELECT day FROM post_daily WHERE user_id = $1 AND tz = $4 AND account_id = $2 ORDER BY day LIMIT 1),
           (SELECT min((observed_at AT TIME ZONE $4)::date) FROM account_snapshots WHERE user_id = $1 AND account_id = $2),
           (SELECT min(day) FROM account_daily_reported WHERE user_id = $1 AND account_id = $2),
           (SELECT min((published_at AT TIME ZONE $4)::date) FROM platform_posts WHERE user_id = $1 AND account_id = $2)) AS first_day,
         greatest(
           (SELECT day FROM post_daily WHERE user_id = $1 AND tz = $4 AND account_id = $2 ORDER BY day DESC LIMIT 1),
           (SELECT max((observed_at AT TIME ZONE $4)::date) FROM account_snapshots WHERE user_id = $1 AND account_id = $2),
           (SELECT max(day) FROM account_daily_reported WHERE user_id = $1 AND account_id = $2),
           (SELECT max((published_at AT TIME ZONE $4)::date) FROM platform_posts WHERE user_id = $1 AND account_id = $2)) AS last_day
     ), days AS (
       SELECT generate_series(greatest($3::date, span.first_day), span.last_day, interval '1 day')::date AS day FROM span
     ), activity AS (
       -- Posts added in one order (by id): a float sum depends on its order, and the rows' physical order
       -- depends on how post_daily was written (rebuilt or extended, post-daily-append.ts).
       SELECT day, ${COUNTERS.map((m) => `sum(${m} ORDER BY post_id) AS ${m}`).join(', ')}, bool_or(estimated) AS estimated
       FROM post_daily WHERE user_id = $1 AND tz = $4 AND account_id = $2 AND day >= $3 GROUP BY day
     ), reported AS (
       SELECT day,
         max(value) FILTER (WHERE metric = 'clicks') AS clicks,
         max(value) FILTER (WHERE metric = 'reach') AS reach,
         max(value) FILTER (WHERE metric = 'profile_views') AS profile_views,
         max(value) FILTER (WHERE metric = 'followers_gained') AS followers_gained,
         max(value) FILTER (WHERE metric = 'followers_lost') AS followers_lost
       FROM account_daily_reported WHERE user_id = $1 AND account_id = $2 AND day >= $3 GROUP BY day
     ), published AS (
       SELECT (published_at AT TIME ZONE $4)::date AS day, count(*)::int AS n
       FROM platform_posts WHERE user_id = $1 AND account_id = $2 AND published_at >= ($3::date::timestamp AT TIME ZONE $4)
       GROUP BY 1
     ), anchor AS (
       -- The first follower snapshot, where the platform also reports daily gains and losses.
       SELECT s.value, (s.observed_at AT TIME ZONE $4)::date AS day
       FROM account_snapshots s, acct
       WHERE s.user_id = $1 AND s.account_id = $2 AND s.metric = 'followers'
         AND 'followers_gained' = ANY(acct.reported_metrics) AND 'followers_lost' = ANY(acct.reported_metrics)
       ORDER BY s.observed_at LIMIT 1
     ), movement AS (
       SELECT day, sum(CASE WHEN metric = 'followers_gained' THEN value ELSE -value END) AS net
       FROM account_daily_reported
       WHERE user_id = $1 AND account_id = $2 AND metric IN ('followers_gained', 'followers_lost')
         AND day < (SELECT day FROM anchor)
       GROUP BY day
     ), reconstructed AS (
       -- Followers at the end of a day before the anchor's day = the anchor minus the
       -- net movement of every later day before the anchor's (days run newest first
       -- here; the anchor's own day is left out, as if it was taken at its start).
       -- Every day from fromDay on is in the series, so the sums need nothing older.
       SELECT days.day,
         anchor.value - coalesce(sum(mv.net) OVER (ORDER BY days.day DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS followers
       FROM days CROSS JOIN anchor LEFT JOIN movement mv ON mv.day = days.day
       WHERE days.day < anchor.day
     )
     SELECT $1, $4, $2, acct.platform, days.day,
       ${activity.join(',\n       ')},
       coalesce(snap.value, rc.followers),
       rc.followers IS NOT NULL OR EXISTS (SELECT 1 FROM account_snapshots s
         WHERE s.user_id = $1 AND s.account_id = $2 AND s.metric = 'followers'
           AND s.observed_at >= (days.day::timestamp AT TIME ZONE $4) AND s.observed_at < ((days.day + 1)::timestamp AT TIME ZONE $4)),
       rc.followers IS NOT NULL,
       r.followers_gained, r.followers_lost, r.reach, r.profile_views,
       coalesce(pub.n, 0), coalesce(a.estimated, false)
     FROM days CROSS JOIN acct
     LEFT JOIN activity a ON a.day = days.day
     LEFT JOIN reported r ON r.day = days.day
     LEFT JOIN published pub ON pub.day = days.day
     -- Only back to the first day the platform reported movement for: before it nothing is known.
     LEFT JOIN reconstructed rc ON rc.day = days.day AND rc.day >= (SELECT min(day) FROM movement)
     LEFT JOIN LATERAL (
       SELECT s.value FROM account_snapshots s
       WHERE s.user_id = $1 AND s.account_id = $2 AND s.metric = 'followers'
         AND s.observed_at < ((days.day + 1)::timestamp AT TIME ZONE $4)
       ORDER BY s.observed_at DESC LIMIT 1) snap ON true`,
    [userId, accountId, fromDay, tz],
  );
}

/** Refreshes the latest lifetime values of the given posts. */
export async function refreshContentPerformance(tx: Queryable, userId: number, postIds: number[]): Promise<void> {
  if (postIds.length === 0) return;
  const metrics = [...POST_METRICS];
  const columns = metrics.map((m) => `(l.vals ->> '${m}')::float8 AS ${m}`).join(', ');
  await tx.query(
    `INSERT INTO content_performance (user_id, post_id, account_id, platform, published_at, ${metrics.join(', ')},
       engagement, engagement_rate, last_updated_at)
     WITH latest AS (
       SELECT p.id AS post_id, p.account_id, p.platform, p.published_at, ${columns}, l.last_at
       FROM platform_posts p
       CROSS JOIN LATERAL (
         SELECT jsonb_object_agg(m.metric, v.value) AS vals, max(v.observed_at) AS last_at
         FROM unnest($3::text[]) AS m(metric)
         CROSS JOIN LATERAL (
           SELECT s.value, s.observed_at FROM post_snapshots s
           WHERE s.user_id = $1 AND s.post_id = p.id AND s.metric = m.metric
           ORDER BY s.observed_at DESC LIMIT 1) v
       ) l
       WHERE p.user_id = $1 AND p.id = ANY($2::bigint[]) AND l.last_at IS NOT NULL
     )
     SELECT $1, post_id, account_id, platform, published_at, ${metrics.join(', ')},
       ${engagementSql('latest')}, ${engagementRateSql(engagementSql('latest'), 'latest.views')}, last_at
     FROM latest
     ON CONFLICT (user_id, post_id) DO UPDATE SET
       ${[...metrics, 'engagement', 'engagement_rate'].map((m) => `${m} = excluded.${m}`).join(', ')},
       published_at = excluded.published_at, last_updated_at = excluded.last_updated_at`,
    [userId, postIds, metrics],
  );
}

/** Stores performance scores computed by analytics/score.ts. */
export async function saveScores(tx: Queryable, userId: number, scores: { postId: number; score: number | null }[]): Promise<void> {
  if (scores.length === 0) return;
  await tx.query(
    `UPDATE content_performance c SET performance_score = s.score
     FROM unnest($2::bigint[], $3::float8[]) AS s(post_id, score)
     WHERE c.user_id = $1 AND c.post_id = s.post_id AND c.performance_score IS DISTINCT FROM s.score`,
    [userId, scores.map((s) => s.postId), scores.map((s) => s.score)],
  );
}

export async function scoreInputs(tx: Queryable, userId: number, platform: string): Promise<{ post_id: number; views: number | null; engagement: number | null }[]> {
  return tx.query('SELECT post_id, views, engagement FROM content_performance WHERE user_id = $1 AND platform = $2', [userId, platform]);
}
