/** GET /analytics/dashboard: activity in the period, across platforms and per platform. */
import type { Queryable } from '../../db/client.js';
import { contentPage } from '../../db/repositories/content.js';
import { dailyTrend } from '../aggregate.js';
import type { Period } from '../../analytics/period.js';
import { contentItemOut } from './content-format.js';
import { loadWindow, overallTotals, platformTotals, rangeOf } from './window.js';
import { quickInsights } from './quick-insights.js';

export const TOP_CONTENT = 10;

export async function dashboard(db: Queryable, userId: number, period: Period) {
  const w = await loadWindow(db, userId, period);
  const top = await contentPage(db, userId, period, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT, cursor: null });
  const lastSynced = new Map<string, Date | null>();
  for (const b of w.baselines) {
    const prev = lastSynced.get(b.platform) ?? null;
    lastSynced.set(b.platform, b.last_synced_at && (!prev || b.last_synced_at > prev) ? b.last_synced_at : prev);
  }
  return {
    range: rangeOf(period),
    totals: overallTotals(w),
    platforms: [...platformTotals(w)].map(([platform, totals]) => ({
      platform,
      ...totals,
      last_synced_at: lastSynced.get(platform) ? new Date(lastSynced.get(platform)!).toISOString() : null,
    })),
    trend: dailyTrend(w.rows, w.baselines, period.from, period.to),
    top_content: top.slice(0, TOP_CONTENT).map(contentItemOut),
    quick_insights: await quickInsights(db, userId, period.platforms),
  };
}
