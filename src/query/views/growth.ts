/** GET /analytics/growth: followers, posting frequency and engagement-rate trend per platform. */
import type { Queryable } from '../../db/client.js';
import type { DayRow } from '../../db/repositories/analytics.js';
import type { FollowerSpan } from '../aggregate.js';
import { engagementRate, round2 } from '../../analytics/catalog.js';
import { bucketStart, type Granularity } from '../../analytics/buckets.js';
import { dailyTrend, followerAccounts, followersBefore, groupBy, sumNullable } from '../aggregate.js';
import type { Period } from '../../analytics/period.js';
import { loadWindow, platformTotals, rangeOf, type Window } from './window.js';
import { forecastHref } from './forecast-href.js';

export interface GrowthPoint {
  date: string;
  followers: number | null;
  follower_change: number | null;
  posts: number;
  views: number | null;
  engagement: number | null;
  engagement_rate: number | null;
}

/** Bucketed series of one set of rows: followers at the end of each bucket, activity summed within it. */
export function growthSeries(w: Window, rows: DayRow[], accountIds: number[], g: Granularity): GrowthPoint[] {
  const baselines = w.baselines.filter((b) => accountIds.includes(b.account_id));
  const daily = dailyTrend(rows, baselines, w.period.from, w.period.to);
  const rowsByDay = groupBy(rows, (r) => r.day);
  const points: GrowthPoint[] = [];
  // The same accounts as the points' followers (dailyTrend), so a change never counts an account's first snapshot as growth.
  let previousFollowers = followersBefore(baselines, followerAccounts(rows, baselines));
  for (const day of daily) {
    const start = bucketStart(day.date, g);
    let point = points[points.length - 1];
    if (!point || point.date !== start) {
      point = { date: start, followers: null, follower_change: null, posts: 0, views: null, engagement: null, engagement_rate: null };
      points.push(point);
    }
    const dayRows = rowsByDay.get(day.date) ?? [];
    point.followers = day.followers ?? point.followers;
    point.posts += dayRows.reduce((n, r) => n + r.posts_published, 0);
    point.views = sumNullable([point.views, day.views]);
    point.engagement = sumNullable([point.engagement, day.engagement]);
  }
  for (const point of points) {
    point.engagement_rate = engagementRate(point.engagement, point.views);
    point.follower_change = point.followers !== null && previousFollowers !== null ? point.followers - previousFollowers : null;
    if (point.followers !== null) previousFollowers = point.followers;
  }
  return points;
}

/**
 * Followers at the start over the same accounts as followers_end (every
 * account with a count), or null when one of them has no earlier count to
 * compare with: a start over fewer accounts than the end would read as growth
 * that is only an account's first snapshot.
 */
function followersStart(spans: FollowerSpan[]): number | null {
  const counted = spans.filter((s) => s.end !== null);
  if (counted.length === 0 || counted.some((s) => !s.comparable || s.start === null)) return null;
  return sumNullable(counted.map((s) => s.start));
}

export async function growth(db: Queryable, userId: number, period: Period, g: Granularity) {
  const w = await loadWindow(db, userId, period);
  const rowsBy = groupBy(w.rows, (r) => r.platform);
  const weeks = period.days / 7;
  return {
    range: rangeOf(period),
    granularity: g,
    // Where the series goes next: the followers forecast of the same platforms and zone.
    forecast: { href: forecastHref(period, 'followers') },
    platforms: [...platformTotals(w)].map(([platform, totals]) => {
      const accountIds = w.baselines.filter((b) => b.platform === platform).map((b) => b.account_id);
      const spans = accountIds.map((id) => w.spans.get(id)).filter((s) => s !== undefined);
      return {
        platform,
        followers_start: followersStart(spans),
        followers_end: totals.followers,
        follower_growth: totals.follower_growth,
        follower_growth_rate: totals.follower_growth_rate,
        followers_estimated: totals.followers_estimated,
        posts: totals.posts,
        posts_per_week: round2(totals.posts / weeks),
        engagement_rate: totals.engagement_rate,
        series: growthSeries(w, rowsBy.get(platform) ?? [], accountIds, g),
      };
    }),
  };
}

