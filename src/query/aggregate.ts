/**
 * Turns account-day rows into the figures the API reports. The rules of
 * design.md live here once:
 *  - activity in the period = sum of daily activity; a metric no row reports is null, not 0;
 *  - followers at the start = end of the day before the window (or, for an
 *    account first seen inside it, its first known value); at the end = last known;
 *  - reach is unique per day and is never summed: the API reports its daily average.
 */
import type { AccountBaseline, DayRow } from '../db/repositories/analytics.js';
import type { ActivityDay, ActivityGroup, FollowerDay } from '../db/repositories/window-sums.js';
import { ACTIVITY_METRICS, engagement, engagementRate, growthRate, round2, type ActivityMetric, type Platform } from '../analytics/catalog.js';
import { eachDay } from '../analytics/period.js';

/** The figures of Totals that name their contributors. */
export const CONTRIBUTOR_METRICS = [...ACTIVITY_METRICS, 'followers', 'follower_growth', 'follower_growth_rate'] as const;
export type ContributorMetric = (typeof CONTRIBUTOR_METRICS)[number];

export function isContributorMetric(metric: string): metric is ContributorMetric {
  return (CONTRIBUTOR_METRICS as readonly string[]).includes(metric);
}

export interface Totals {
  views: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  saves: number | null;
  clicks: number | null;
  engagement: number | null;
  engagement_rate: number | null;
  followers: number | null;
  follower_growth: number | null;
  follower_growth_rate: number | null;
  /**
   * True when a follower figure of the growth comes from days before the first
   * follower snapshot, walked back with the platform's daily gains and losses.
   */
  followers_estimated: boolean;
  posts: number;
  /** Which platforms each figure is made of: activity metrics reported in the window, follower counts and growth. */
  contributors: Record<ContributorMetric, Platform[]>;
  /** True when part of the activity is a first-seen lifetime value attributed to the publish day. */
  estimated: boolean;
}

/** Sum that keeps "nothing reported" (null) apart from 0. */
export function sumNullable(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

export interface FollowerSpan {
  platform: Platform;
  start: number | null;
  end: number | null;
  /**
   * Whether start and end are two different observations, so their difference
   * is growth. One snapshot (an account connected today) says how many
   * followers there are, not how many were gained: growth is then null, not 0.
   */
  comparable: boolean;
  /** Start or end is a reconstructed value (see DayRow.followers_reconstructed). */
  estimated: boolean;
}

/** Followers at start and end of the window, per account. */
export function followerSpans(rows: readonly FollowerDay[], baselines: AccountBaseline[]): Map<number, FollowerSpan> {
  const spans = new Map<number, FollowerSpan>();
  const startEstimated = new Map<number, boolean>();
  for (const b of baselines) {
    spans.set(b.account_id, { platform: b.platform, start: b.followers_before, end: b.followers_before, comparable: b.followers_before !== null, estimated: b.followers_before_reconstructed });
    startEstimated.set(b.account_id, b.followers_before_reconstructed);
  }
  for (const row of rows) {
    if (row.followers === null) continue;
    const span = spans.get(row.account_id) ?? { platform: row.platform, start: null, end: null, comparable: false, estimated: false };
    if (span.start === null) {
      span.start = row.followers;
      startEstimated.set(row.account_id, row.followers_reconstructed);
    } else if (row.followers_observed) {
      // Rows carry followers forward day by day; only a day with a value of its own is a second observation.
      span.comparable = true;
    }
    span.end = row.followers; // rows arrive oldest first
    span.estimated = (startEstimated.get(row.account_id) ?? false) || row.followers_reconstructed;
    spans.set(row.account_id, span);
  }
  return spans;
}

/**
 * One platform's activity (or all platforms', platform null) from the per-platform
 * groups SQL summed (window-sums.ts). The counts are whole numbers, so adding the
 * platforms' sums gives the sum over all rows to the last bit.
 */
export function activitySumsFrom(groups: ActivityGroup[], platform: Platform | null): ActivitySums {
  const own = platform === null ? groups : groups.filter((g) => g.platform === platform);
  const sum = (metric: ActivityMetric) => sumNullable(own.map((g) => g[metric]));
  const reporting = (metric: ActivityMetric): Platform[] => own.filter((g) => g[metric] !== null).map((g) => g.platform).sort();
  return {
    views: sum('views'), likes: sum('likes'), shares: sum('shares'), comments: sum('comments'), saves: sum('saves'), clicks: sum('clicks'),
    reporting: {
      views: reporting('views'), likes: reporting('likes'), shares: reporting('shares'),
      comments: reporting('comments'), saves: reporting('saves'), clicks: reporting('clicks'),
    },
    posts: own.reduce((n, g) => n + g.posts, 0),
    estimated: own.some((g) => g.estimated),
  };
}

/** Activity summed over account-day rows: what totals need of them (per platform or overall). */
export interface ActivitySums extends Pick<Totals, ActivityMetric> {
  /** Per metric, the platforms of the rows that report it. */
  reporting: Record<ActivityMetric, Platform[]>;
  posts: number;
  estimated: boolean;
}

const platformsOf = (list: { platform: Platform }[]) => [...new Set(list.map((x) => x.platform))].sort();

export function activitySums(rows: DayRow[]): ActivitySums {
  const sum = (metric: ActivityMetric) => sumNullable(rows.map((r) => r[metric]));
  const reporting = (metric: ActivityMetric) => platformsOf(rows.filter((r) => r[metric] !== null));
  return {
    views: sum('views'), likes: sum('likes'), shares: sum('shares'), comments: sum('comments'), saves: sum('saves'), clicks: sum('clicks'),
    reporting: {
      views: reporting('views'), likes: reporting('likes'), shares: reporting('shares'),
      comments: reporting('comments'), saves: reporting('saves'), clicks: reporting('clicks'),
    },
    posts: rows.reduce((n, r) => n + r.posts_published, 0),
    estimated: rows.some((r) => r.estimated),
  };
}

export function totalsOf(rows: DayRow[], spans: FollowerSpan[]): Totals {
  return totalsFrom(activitySums(rows), spans);
}

/** Totals from summed activity (rows summed here or in SQL: src/db/repositories/window-sums.ts) and follower spans. */
export function totalsFrom(a: ActivitySums, spans: FollowerSpan[]): Totals {
  const m = { views: a.views, likes: a.likes, shares: a.shares, comments: a.comments, saves: a.saves, clicks: a.clicks };
  const eng = engagement(m);
  const comparable = spans.filter((s) => s.comparable && s.start !== null && s.end !== null);
  const growthContributors = platformsOf(comparable);
  const contributors: Totals['contributors'] = {
    ...a.reporting,
    // Follower figures have contributors too: the accounts with a count, and those whose growth is known.
    followers: platformsOf(spans.filter((s) => s.end !== null)),
    follower_growth: growthContributors,
    follower_growth_rate: growthContributors,
  };
  const start = sumNullable(comparable.map((s) => s.start));
  const end = sumNullable(spans.map((s) => s.end));
  const endComparable = sumNullable(comparable.map((s) => s.end));
  return {
    ...m,
    engagement: eng,
    engagement_rate: engagementRate(eng, m.views),
    followers: end,
    follower_growth: start === null || endComparable === null ? null : endComparable - start,
    follower_growth_rate: growthRate(start, endComparable),
    followers_estimated: comparable.some((s) => s.estimated),
    posts: a.posts,
    contributors,
    estimated: a.estimated,
  };
}

export interface TrendPoint {
  date: string;
  views: number | null;
  engagement: number | null;
  followers: number | null;
}

/**
 * The accounts a summed follower figure covers: those with a known count by the
 * end of the window (a count before it, or one inside it). These are the
 * accounts of `totals.followers` and of `contributors.followers`, so the trend
 * and the total are made of the same platforms.
 */
export function followerAccounts(rows: readonly FollowerDay[], baselines: AccountBaseline[]): Set<number> {
  const ids = new Set<number>();
  for (const b of baselines) if (b.followers_before !== null) ids.add(b.account_id);
  for (const r of rows) if (r.followers !== null) ids.add(r.account_id);
  return ids;
}

/**
 * Followers summed over `accounts` at the end of the day before the window, or
 * null when any of them has no count yet (see dailyTrend for why).
 */
export function followersBefore(baselines: AccountBaseline[], accounts: Set<number>): number | null {
  let total = 0;
  for (const id of accounts) {
    const b = baselines.find((x) => x.account_id === id);
    if (!b || b.followers_before === null) return null;
    total += b.followers_before;
  }
  return accounts.size === 0 ? null : total;
}

/**
 * One point per day of the window; followers carried forward per account across days without data.
 *
 * Followers on a day are the sum over the accounts that have a count by the end
 * of the window (followerAccounts), and null on a day where any of them has no
 * count yet. Follower histories start on different days: YouTube's is walked
 * back from its first snapshot with its daily gains and losses, the other
 * platforms' begin at their first snapshot. Summing whichever accounts happen
 * to be known on each day made a line that was YouTube alone for weeks and
 * then jumped by every other platform's followers on the day of the first
 * sync: a jump that is no growth. So a summed series is drawn only over days
 * where every included account's count is known; the charts that need the
 * earlier days draw one line per platform instead (the growth and compare views).
 */
export function dailyTrend(rows: DayRow[], baselines: AccountBaseline[], from: string, to: string): TrendPoint[] {
  const byDay = new Map<string, DayRow[]>();
  for (const r of rows) {
    const list = byDay.get(r.day);
    if (list) list.push(r);
    else byDay.set(r.day, [r]);
  }
  const followers = followerTrend(rows, baselines, from, to);
  const points: TrendPoint[] = [];
  for (const [i, day] of eachDay(from, to).entries()) {
    const dayRows = byDay.get(day) ?? [];
    const views = sumNullable(dayRows.map((r) => r.views));
    const eng = engagement({
      likes: sumNullable(dayRows.map((r) => r.likes)),
      comments: sumNullable(dayRows.map((r) => r.comments)),
      shares: sumNullable(dayRows.map((r) => r.shares)),
      saves: sumNullable(dayRows.map((r) => r.saves)),
    });
    points.push({ date: day, views, engagement: eng, followers: followers[i]! });
  }
  return points;
}

/**
 * The summed follower line of dailyTrend, one value per day from `from` to
 * `to`: each included account's count carried forward, null on a day where
 * one of them has none yet. `rows` oldest first.
 */
export function followerTrend(rows: readonly FollowerDay[], baselines: AccountBaseline[], from: string, to: string): (number | null)[] {
  const included = followerAccounts(rows, baselines);
  const lastFollowers = new Map<number, number>();
  for (const b of baselines) if (b.followers_before !== null && included.has(b.account_id)) lastFollowers.set(b.account_id, b.followers_before);
  const out: (number | null)[] = [];
  let next = 0;
  for (const day of eachDay(from, to)) {
    // Rows are oldest first and none lies before `from`, so each day takes the rows up to it.
    while (next < rows.length && rows[next]!.day <= day) {
      const r = rows[next++]!;
      if (r.followers !== null) lastFollowers.set(r.account_id, r.followers);
    }
    const complete = included.size > 0 && lastFollowers.size === included.size;
    out.push(complete ? sumNullable(lastFollowers.values()) : null);
  }
  return out;
}

/** dailyTrend from window-sums.ts: the days' activity summed in SQL, the follower line carried by followerTrend. */
export function dailyTrendFrom(days: ActivityDay[], followers: (number | null)[]): TrendPoint[] {
  return days.map((d, i) => ({
    date: d.day,
    views: d.views,
    engagement: engagement({ likes: d.likes, comments: d.comments, shares: d.shares, saves: d.saves }),
    followers: followers[i] ?? null,
  }));
}

export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Mean of the days that report a value (reach is unique per day, so it is averaged, not summed). */
export function dailyAverage(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : round2(known.reduce((a, b) => a + b, 0) / known.length);
}
