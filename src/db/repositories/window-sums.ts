/**
 * The dashboard's window summed in SQL: what src/query/aggregate.ts computes
 * from account-day rows (totals, follower spans, the daily trend), without
 * sending those rows. Two years of four accounts are ~2,900 rows of 20 columns;
 * on PGlite decoding them cost more than the whole query (bench/README.md,
 * "where the time goes"). The answer is one row of three JSON documents.
 *
 * The sums must equal the JavaScript ones to the last bit, so every float sum
 * runs in the order aggregate.ts adds: rows by (day, account_id) for totals,
 * by account_id within a day for the trend.
 */
import type { Queryable } from '../client.js';
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

/** One account's follower values in the window, where it has any. */
export interface AccountFollowers {
  account_id: number;
  platform: Platform;
  first: number;
  first_reconstructed: boolean;
  last: number;
  last_reconstructed: boolean;
  /** Some day with a value has a value of its own (followers_observed). */
  observed_any: boolean;
  /** Same, after the first day with a value. */
  observed_later: boolean;
}

/** One trend day: activity summed over accounts, followers summed over the included accounts (null unless all are known). */
export type TrendDay = Record<'views' | 'likes' | 'comments' | 'shares' | 'saves' | 'followers', number | null> & { day: string };

export interface WindowSums {
  groups: ActivityGroup[];
  accounts: AccountFollowers[];
  days: TrendDay[];
}

/**
 * Followers at the end of the last day before the window with a count, per
 * account (as analytics.ts accountBaselines reads them). $1 user, $2 tz, $3 from.
 */
const FOLLOWERS_BEFORE = `(SELECT m.followers FROM user_metrics m
   WHERE m.user_id = $1 AND m.tz = $2 AND m.account_id = a.id AND m.day < $3 AND m.followers IS NOT NULL
   ORDER BY m.day DESC LIMIT 1)`;

const groupSums = SUMMED.map((m) => `sum(${m} ORDER BY day, account_id) AS ${m}`).join(', ');
const groupReported = SUMMED.map((m) => `'${m}', bool_or(${m} IS NOT NULL)`).join(', ');
const daySums = (['views', 'likes', 'comments', 'shares', 'saves'] as const).map((m) => `sum(${m} ORDER BY account_id) AS ${m}`).join(', ');

export async function windowSums(db: Queryable, userId: number, p: Period): Promise<WindowSums> {
  const [row] = await db.query<{ groups: ActivityGroup[] | null; accounts: AccountFollowers[] | null; days: TrendDay[] | null }>(
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
     ), with_followers AS (
       SELECT account_id, platform, followers, followers_observed, followers_reconstructed,
              row_number() OVER (PARTITION BY account_id ORDER BY day) AS n,
              row_number() OVER (PARTITION BY account_id ORDER BY day DESC) AS n_desc
       FROM r WHERE followers IS NOT NULL
     ), accounts AS (
       SELECT account_id, min(platform) AS platform,
              max(followers) FILTER (WHERE n = 1) AS first, bool_or(followers_reconstructed) FILTER (WHERE n = 1) AS first_reconstructed,
              max(followers) FILTER (WHERE n_desc = 1) AS last, bool_or(followers_reconstructed) FILTER (WHERE n_desc = 1) AS last_reconstructed,
              bool_or(followers_observed) AS observed_any, coalesce(bool_or(followers_observed) FILTER (WHERE n > 1), false) AS observed_later
       FROM with_followers GROUP BY account_id
     ), before AS (
       SELECT a.id AS account_id, ${FOLLOWERS_BEFORE} AS followers
       FROM platform_accounts a WHERE a.user_id = $1 AND a.platform = ANY($5::text[])
     ), included AS (
       -- the accounts of the summed follower line (aggregate.ts followerAccounts)
       SELECT coalesce(b.account_id, f.account_id) AS account_id, b.followers AS before
       FROM (SELECT * FROM before WHERE followers IS NOT NULL) b
       FULL JOIN (SELECT DISTINCT account_id FROM with_followers) f ON f.account_id = b.account_id
     ), grid AS (
       -- every day × included account; grp counts the values seen so far, so a value is carried over its group
       SELECT s.day, i.account_id, i.before, r.followers,
              count(r.followers) OVER (PARTITION BY i.account_id ORDER BY s.day) AS grp
       FROM generate_series($3::date, $4::date, interval '1 day') AS s(day)
       CROSS JOIN included i
       LEFT JOIN r ON r.account_id = i.account_id AND r.day = s.day
     ), carried AS (
       SELECT day, coalesce(first_value(followers) OVER (PARTITION BY account_id, grp ORDER BY day), before) AS followers FROM grid
     ), day_followers AS (
       SELECT day::date AS day, sum(followers) AS followers, count(followers) AS known FROM carried GROUP BY day
     ), day_activity AS (
       SELECT day, ${daySums} FROM r GROUP BY day
     ), days AS (
       SELECT s.day::date AS day FROM generate_series($3::date, $4::date, interval '1 day') AS s(day)
     )
     SELECT
       (SELECT json_agg(groups ORDER BY platform NULLS FIRST) FROM groups) AS groups,
       (SELECT json_agg(accounts ORDER BY account_id) FROM accounts) AS accounts,
       (SELECT json_agg(json_build_object('day', d.day::text, 'views', a.views, 'likes', a.likes, 'comments', a.comments, 'shares', a.shares, 'saves', a.saves,
          'followers', CASE WHEN f.known = (SELECT count(*) FROM included) THEN f.followers END) ORDER BY d.day)
        FROM days d LEFT JOIN day_activity a ON a.day = d.day LEFT JOIN day_followers f ON f.day = d.day) AS days`,
    [userId, p.tz, p.from, p.to, p.platforms],
  );
  return { groups: row?.groups ?? [], accounts: row?.accounts ?? [], days: row?.days ?? [] };
}
