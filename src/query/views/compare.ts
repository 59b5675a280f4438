/** GET /analytics/compare: the platforms side by side, and which leads on each metric. */
import type { Queryable } from '../../db/client.js';
import { contentTotalsByPlatform } from '../../db/repositories/content.js';
import { engagementRate, round2, type Platform } from '../../analytics/catalog.js';
import type { Granularity } from '../../analytics/buckets.js';
import type { Period } from '../../analytics/period.js';
import { growthSeries } from './growth.js';
import { roiByPlatform } from './roi.js';
import { loadWindow, platformTotals, rangeOf } from './window.js';
import { groupBy } from '../aggregate.js';

/** The metrics compare names a leader for: the highest value among the platforms; null when none has one. */
export const LEAD_METRICS = ['views', 'engagement', 'engagement_rate', 'follower_growth_rate', 'avg_views_per_post', 'avg_engagement_per_post'] as const;
export type LeadMetric = (typeof LEAD_METRICS)[number];

function perPost(total: number | null, posts: number): number | null {
  return total === null || posts === 0 ? null : round2(total / posts);
}

export async function compare(db: Queryable, userId: number, period: Period, g: Granularity) {
  const [w, content, roi] = await Promise.all([loadWindow(db, userId, period), contentTotalsByPlatform(db, userId, period), roiByPlatform(db, userId, period)]);
  const contentBy = new Map(content.map((c) => [c.platform, c]));
  const rowsBy = groupBy(w.rows, (r) => r.platform);
  const platforms = [...platformTotals(w)].map(([platform, totals]) => {
    const c = contentBy.get(platform);
    const posts = c?.posts ?? 0;
    const accountIds = w.baselines.filter((b) => b.platform === platform).map((b) => b.account_id);
    return {
      platform,
      totals,
      engagement_rate: totals.engagement_rate,
      follower_growth_rate: totals.follower_growth_rate,
      // Per-post averages are over content published in the window, with its lifetime numbers.
      per_post: {
        posts,
        avg_views_per_post: perPost(c?.views ?? null, posts),
        avg_engagement_per_post: perPost(c?.engagement ?? null, posts),
        avg_engagement_rate: engagementRate(c?.engagement ?? null, c?.views ?? null),
      },
      series: growthSeries(w, rowsBy.get(platform) ?? [], accountIds, g).map((p) => ({ date: p.date, views: p.views, engagement: p.engagement, followers: p.followers })),
      // Per currency, never converted; empty without ledger entries or platform revenue for this platform.
      roi: roi.get(platform) ?? [],
    };
  });
  const value = (p: (typeof platforms)[number], metric: LeadMetric): number | null => {
    if (metric === 'avg_views_per_post' || metric === 'avg_engagement_per_post') return p.per_post[metric];
    return p.totals[metric];
  };
  const leaderOf = (metric: LeadMetric): Platform | null => {
    let best: { platform: Platform; v: number } | null = null;
    for (const p of platforms) {
      const v = value(p, metric);
      if (v !== null && (best === null || v > best.v)) best = { platform: p.platform, v };
    }
    return best?.platform ?? null;
  };
  const leaders: Record<LeadMetric, Platform | null> = {
    views: leaderOf('views'),
    engagement: leaderOf('engagement'),
    engagement_rate: leaderOf('engagement_rate'),
    follower_growth_rate: leaderOf('follower_growth_rate'),
    avg_views_per_post: leaderOf('avg_views_per_post'),
    avg_engagement_per_post: leaderOf('avg_engagement_per_post'),
  };
  return { range: rangeOf(period), granularity: g, platforms, leaders };
}
