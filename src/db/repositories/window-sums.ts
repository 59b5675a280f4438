/**
 * The dashboard's window summed in SQL: what src/query/aggregate.ts computes
 * from account-day rows (totals, follower spans, the daily trend), without
 * sending those rows. Two years of four accounts are ~2,900 rows of 20 columns;
 * on PGlite decoding them cost more than the whole query (bench/README.md,
 * "where the time goes"). The answer is one row: the activity sums, the daily
 * activity, and the account-days with a follower count, the last two packed
 * into one text each (packed-rows.ts); from the follower days aggregate.ts
 * carries followers across days and finds each account's span with the same
 * code the row-based views use.
 *
 * The sums must equal the JavaScript ones to the last bit. The summed metrics
 * count things, and the ingest takes only whole numbers for them
 * (catalog.ts FRACTIONAL_METRICS), so every partial sum is exact and the order
 * of the additions cannot change it: the sums here have no ORDER BY, which
 * spares PGlite a sort per aggregate (the bench's 50 dashboard ranges: 16 % less
 * time for the whole query), and lets the all-platforms total be added up from
 * the platforms' sums instead of a second pass over the rows.
 */
import type { Queryable } from '../client.js';
import { packedRowsSql, unpackRows, type PackedColumn } from '../packed-rows.js';
import { DAY_ROW_COLUMNS, accountBaselinesSql, type AccountBaseline, type DayRow } from './analytics.js';
import type { ActivityMetric, Platform } from '../../analytics/catalog.js';
import { eachDay, type Period } from '../../analytics/period.js';

const SUMMED = ['views', 'likes', 'shares', 'comments', 'saves', 'clicks'] as const satisfies readonly ActivityMetric[];

type Summed = (typeof SUMMED)[number];

/**
 * Activity summed over one platform's rows (all platforms' is their sum: aggregate.ts activitySumsFrom).
 * A metric is null when no row of the group reports it: SQL's sum skips nulls and is null only when every
 * value is, so it tells "reported" apart from 0 by itself.
 */
export type ActivityGroup = Record<Summed, number | null> & {
  platform: Platform;
  posts: number;
  estimated: boolean;
};

const FOLLOWER_FIELDS = ['account_id', 'platform', 'day', 'followers', 'followers_observed', 'followers_reconstructed'] as const satisfies readonly (keyof DayRow)[];

/**
 * One account-day of the window with a follower count, in the form of analytics.ts
 * dayRows: what src/query/aggregate.ts needs to carry followers across days and
 * find each account's span, and nothing more.
 */
export type FollowerDay = Pick<DayRow, (typeof FOLLOWER_FIELDS)[number]>;

/** One trend day: activity summed over accounts (followers are carried in JavaScript, aggregate.ts followerTrend). */
export type ActivityDay = Record<'views' | 'likes' | 'comments' | 'shares' | 'saves', number | null> & { day: string };

export interface WindowSums {
  groups: ActivityGroup[];
  /** As analytics.ts accountBaselines, read in the same query (on PGlite each query costs ~0.5 ms before its first row). */
  baselines: AccountBaseline[];
  /**
   * With the daily trend: every account-day with a follower count, oldest first
   * (by day, then account). Without it: only the ones an account's follower span
   * depends on (aggregate.ts followerSpans): its first and last, and its first
   * observed day after the first; followerSpans gives the same spans from these.
   */
  followers: FollowerDay[];
  /** Every day of the window, oldest first; null when not asked for (a comparison needs only the totals). */
  days: ActivityDay[] | null;
}

const FOLLOWER_COLUMNS = DAY_ROW_COLUMNS.filter((c) => (FOLLOWER_FIELDS as readonly string[]).includes(c.name));
const DAY_METRICS = ['views', 'likes', 'comments', 'shares', 'saves'] as const;
const DAY_COLUMNS: PackedColumn[] = [{ name: 'day', kind: 'word', sql: 'day::text' }, ...DAY_METRICS.map((m) => ({ name: m, kind: 'number' as const }))];

// The daily trend, about a quarter of the query's time for two years (so a comparison period, which
// needs only totals, leaves it out): the days with rows, activity summed over accounts; everyDay fills
// in the days between.
const DAY_ACTIVITY = `(SELECT ${packedRowsSql(DAY_COLUMNS, 'day')} FROM (
         SELECT day, ${DAY_METRICS.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM r GROUP BY day
       ) day_activity)`;

const FOLLOWER_DAY_SQL = 'SELECT m.account_id, m.platform, m.day, m.followers, m.followers_observed, m.followers_reconstructed FROM user_metrics m';
const FOLLOWER_DAY_IN_WINDOW = 'm.user_id = $1 AND m.tz = $2 AND m.account_id = a.id AND m.day BETWEEN $3 AND $4 AND m.followers IS NOT NULL';

// Every follower day of the window, for the trend; the days a span depends on, for totals only: three probes
// of the primary key per account instead of a pass over every day of the window.
const ALL_FOLLOWER_DAYS = `(SELECT ${packedRowsSql(FOLLOWER_COLUMNS, 'day, account_id')} FROM r WHERE followers IS NOT NULL)`;
const SPAN_FOLLOWER_DAYS = `(SELECT ${packedRowsSql(FOLLOWER_COLUMNS, 'day, account_id')} FROM (
         SELECT DISTINCT ends.* FROM platform_accounts a
         CROSS JOIN LATERAL (${FOLLOWER_DAY_SQL} WHERE ${FOLLOWER_DAY_IN_WINDOW} ORDER BY m.day LIMIT 1) first
         CROSS JOIN LATERAL (
           (SELECT first.*)
           UNION ALL (${FOLLOWER_DAY_SQL} WHERE ${FOLLOWER_DAY_IN_WINDOW} AND m.day > first.day AND m.followers_observed ORDER BY m.day LIMIT 1)
           UNION ALL (${FOLLOWER_DAY_SQL} WHERE ${FOLLOWER_DAY_IN_WINDOW} ORDER BY m.day DESC LIMIT 1)
         ) ends
         WHERE a.user_id = $1 AND a.platform = ANY($5::text[])
       ) span_days)`;

type BaselineJson = Omit<AccountBaseline, 'last_synced_at'> & { last_synced_at: string | null };

export async function windowSums(db: Queryable, userId: number, p: Period, want: { days: boolean }): Promise<WindowSums> {
  const [row] = await db.query<{ groups: ActivityGroup[] | null; baselines: BaselineJson[] | null; followers: string | null; days: string | null }>(
    `WITH r AS (
       SELECT account_id, platform, day, ${SUMMED.join(', ')}, followers, followers_observed, followers_reconstructed, posts_published, estimated
       FROM user_metrics
       WHERE user_id = $1 AND tz = $2 AND day BETWEEN $3 AND $4 AND platform = ANY($5::text[])
       -- With the trend, three parts read r: sorted once here, the follower days and the day sums need no
       -- sort of their own (PostgreSQL 17 and later know a CTE's order; PGlite is 18).
       ${want.days ? 'ORDER BY day, account_id' : ''}
     ), groups AS (
       SELECT platform, ${SUMMED.map((m) => `sum(${m}) AS ${m}`).join(', ')},
              coalesce(sum(posts_published), 0) AS posts, coalesce(bool_or(estimated), false) AS estimated
       FROM r GROUP BY platform
     )
     SELECT
       (SELECT json_agg(groups ORDER BY platform) FROM groups) AS groups,
       (SELECT json_agg(b ORDER BY b.account_id) FROM (${accountBaselinesSql('$5')}) b) AS baselines,
       -- Packed text, not JSON: building 2,900 small JSON arrays cost PGlite twice as much.
       ${want.days ? ALL_FOLLOWER_DAYS : SPAN_FOLLOWER_DAYS} AS followers${want.days ? `, ${DAY_ACTIVITY} AS days` : ''}`,
    [userId, p.tz, p.from, p.to, p.platforms],
  );
  return {
    groups: row?.groups ?? [],
    // JSON has no timestamp: the driver would have made the same Date (to the millisecond) of the column.
    baselines: (row?.baselines ?? []).map((b) => ({ ...b, last_synced_at: b.last_synced_at === null ? null : new Date(b.last_synced_at) })),
    followers: unpackRows<FollowerDay>(row?.followers ?? null, FOLLOWER_COLUMNS),
    days: want.days ? everyDay(p, unpackRows<ActivityDay>(row?.days ?? null, DAY_COLUMNS)) : null,
  };
}

/** The window's days from `from` to `to`, oldest first: a day without rows has no activity (every metric null). */
function everyDay(p: Period, withRows: ActivityDay[]): ActivityDay[] {
  let next = 0;
  return eachDay(p.from, p.to).map((day) => {
    const row = withRows[next];
    if (row?.day !== day) return { day, views: null, likes: null, comments: null, shares: null, saves: null };
    next += 1;
    return row;
  });
}
