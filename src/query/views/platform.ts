/** GET /analytics/platform/{platform}: one platform's totals, trend, top content and its own metrics. */
import type { Queryable } from '../../db/client.js';
import { contentPage, contentTotalsByPlatform } from '../../db/repositories/content.js';
import { dailyAverage, dailyTrend, sumNullable } from '../aggregate.js';
import { clickThroughRate, round2, type Platform } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import { contentItemOut } from './content-format.js';
import { TOP_CONTENT } from './dashboard.js';
import { loadWindow, overallTotals, rangeOf } from './window.js';

export async function platformView(db: Queryable, userId: number, period: Period, platform: Platform) {
  const p = { ...period, platforms: [platform] };
  const [w, top, content] = await Promise.all([
    loadWindow(db, userId, p),
    contentPage(db, userId, p, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT, cursor: null }),
    contentTotalsByPlatform(db, userId, p),
  ]);
  const watchMinutes = sumNullable(w.rows.map((r) => r.watch_time_minutes));
  const views = sumNullable(w.rows.map((r) => r.views));
  const c = content[0];
  return {
    range: rangeOf(p),
    platform,
    connected_accounts: w.baselines.map((b) => ({ id: b.account_id, handle: b.handle, last_synced_at: b.last_synced_at ? new Date(b.last_synced_at).toISOString() : null })),
    totals: overallTotals(w),
    // Metrics only some platforms report; null where this one does not.
    platform_metrics: {
      impressions: sumNullable(w.rows.map((r) => r.impressions)),
      // Clicks and impressions of the same days summed first: a rate is never averaged.
      impression_ctr: clickThroughRate(sumNullable(w.rows.map((r) => r.impression_clicks)), sumNullable(w.rows.map((r) => r.impressions))),
      dislikes: sumNullable(w.rows.map((r) => r.dislikes)),
      watch_time_minutes: watchMinutes,
      // Over the views of the same days, so both sides count the same videos.
      average_view_duration_seconds: watchMinutes === null || !views ? null : round2((watchMinutes * 60) / views),
      average_daily_reach: dailyAverage(w.rows.map((r) => r.reach)),
      profile_views: sumNullable(w.rows.map((r) => r.profile_views)),
      followers_gained: sumNullable(w.rows.map((r) => r.followers_gained)),
      followers_lost: sumNullable(w.rows.map((r) => r.followers_lost)),
      published_content_lifetime_views: c?.views ?? null,
    },
    trend: dailyTrend(w.rows, w.baselines, p.from, p.to),
    top_content: top.slice(0, TOP_CONTENT).map(contentItemOut),
  };
}
