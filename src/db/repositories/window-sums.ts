/**
 * The dashboard's window summed in SQL: what src/query/aggregate.ts computes
 * from account-day rows (totals, follower spans, the daily trend), without
 * sending those rows. Two years of four accounts are ~2,900 rows of 20 columns;
 * on PGlite decoding them cost more than the whole query (bench/README.md,
 * "where the time goes"). The answer is one row: the activity sums and the
 * daily activity as JSON, and the account-days with a follower count packed
 * into one text (packed-rows.ts), from which aggregate.ts carries followers across days and
 * finds each account's span with the same code the row-based views use.
 *
 * The sums must equal the JavaScript ones to the last bit, so every float sum
 * runs in the order aggregate.ts adds: rows by (day, account_id) for totals,
 * by account_id within a day for the trend.
 */
import type { Queryable } from '../client.js';
import { packedRowsSql, unpackRows } from '../packed-rows.js';
import { DAY_ROW_COLUMNS, type DayRow } from './analytics.js';
import type { ActivityMetric, Platform } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';

const SUMMED = ['views', 'likes', 'shares', 'comments', 'saves', 'clicks'] as const satisfies readonly ActivityMetric[];

type Summed = (typeof SUMMED)[number];

/** Activity summed over rows: per platform, or over all of them (platform null). */
export type ActivityGroup = Record<Summed, number | null> & {
  platform: Platform | null;
  /** Per metric: some row of the group reports it (non-null). */
  reported: Record<Summed, boolean>;
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
  /** Every account-day with a follower count, oldest first (by day, then account). */
  followers: FollowerDay[];
  /** Every day of the window, oldest first; null when not asked for (a comparison needs only the totals). */
  days: ActivityDay[] | null;
}

const FOLLOWER_COLUMNS = DAY_ROW_COLUMNS.filter((c) => (FOLLOWER_FIELDS as readonly string[]).includes(c.name));

const groupSums = SUMMED.map((m) => `sum(${m} ORDER BY day, account_id) AS ${m}`).join(', ');
const groupReported = SUMMED.map((m) => `'${m}', bool_or(${m} IS NOT NULL)`).join(', ');
const daySums = (['views', 'likes', 'comments', 'shares', 'saves'] as const).map((m) => `sum(${m} ORDER BY account_id) AS ${m}`).join(', ');

// The daily trend: every day of the window, with the activity summed over accounts (a 2-year window:
// about a quarter of the query's time, so a comparison period, which needs only totals, leaves it out).
const DAYS_CTES = `, day_activity AS (
       SELECT day, ${daySums} FROM r GROUP BY day
     ), days AS (
       SELECT s.day::date AS day FROM generate_series($3::date, $4::date, interval '1 day') AS s(day)
     )`;
const DAYS_COLUMN = `,
       (SELECT json_agg(json_build_object('day', d.day::text, 'views', a.views, 'likes', a.likes, 'comments', a.comments, 'shares', a.shares, 'saves', a.saves) ORDER BY d.day)
        FROM days d LEFT JOIN day_activity a ON a.day = d.day) AS days`;

export async function windowSums(db: Queryable, userId: number, p: Period, want: { days: boolean }): Promise<WindowSums> {
  const [row] = await db.query<{ groups: ActivityGroup[] | null; followers: string | null; days: ActivityDay[] | null }>(
    `WITH r AS (
       SELECT account_id, platform, day, ${SUMMED.join(', ')}, followers, followers_observed, followers_reconstructed, posts_published, estimated
       FROM user_metrics
       WHERE user_id = $1 AND tz = $2 AND day BETWEEN $3 AND $4 AND platform = ANY($5::text[])
     ), groups AS (
       -- Two plain aggregations rather than GROUPING SETS ((platform), ()): with grouping sets PostgreSQL
       -- sorts the rows again for every ordered sum of every group; here each side sorts them once, by
       -- the group key and then the sums' ORDER BY (PGlite, 2 years: 14 ms → 5 ms).
       SELECT platform, ${groupSums},
              json_build_object(${groupReported}) AS reported,
              coalesce(sum(posts_published), 0) AS posts, coalesce(bool_or(estimated), false) AS estimated
       FROM r GROUP BY platform
       UNION ALL
       SELECT NULL, ${groupSums},
              json_build_object(${groupReported}),
              coalesce(sum(posts_published), 0), coalesce(bool_or(estimated), false)
       FROM r
     )${want.days ? DAYS_CTES : ''}
     SELECT
       (SELECT json_agg(groups ORDER BY platform NULLS FIRST) FROM groups) AS groups,
       -- Packed text, not JSON: building 2,900 small JSON arrays cost PGlite twice as much.
       (SELECT ${packedRowsSql(FOLLOWER_COLUMNS, 'day, account_id')} FROM r WHERE followers IS NOT NULL) AS followers${want.days ? DAYS_COLUMN : ''}`,
    [userId, p.tz, p.from, p.to, p.platforms],
  );
  return {
    groups: row?.groups ?? [],
    followers: unpackRows<FollowerDay>(row?.followers ?? null, FOLLOWER_COLUMNS),
    days: want.days ? (row?.days ?? []) : null,
  };
}

