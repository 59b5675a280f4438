/** GET /analytics/dashboard: activity in the period, across platforms and per platform. */
import type { Queryable } from '../../db/client.js';
import { contentPage, medianPerformanceScores } from '../../db/repositories/content.js';
import { previousPeriod, type Period } from '../../analytics/period.js';
import { round2 } from '../../analytics/catalog.js';
import { changeOf, followerMismatches } from '../change.js';
import { contentItemOut } from './content-format.js';
import { loadWindowSummary, loadWindowTotals } from '../window-summary.js';
import { rangeOf } from './window.js';
import { quickInsights } from './quick-insights.js';

export const TOP_CONTENT = 10;

/** The headline figures compared with the previous period of the same length. */
export const COMPARED = ['views', 'engagement', 'engagement_rate', 'followers', 'follower_growth_rate', 'posts', 'performance_score'] as const;
const PERCENT: readonly string[] = ['engagement_rate', 'follower_growth_rate'];

export async function dashboard(db: Queryable, userId: number, period: Period) {
  const before = previousPeriod(period);
  // Every read at once: on PostgreSQL each takes a connection of the pool, so the view waits for the
  // slowest instead of their sum; PGlite runs them one after the other either way.
  const [w, pw, [score, previousScore], top, insights] = await Promise.all([
    // Summed in SQL: the dashboard needs no account-day row itself (window-summary.ts).
    loadWindowSummary(db, userId, period),
    // The previous period is only compared with: its totals, without a daily trend.
    loadWindowTotals(db, userId, before),
    medianPerformanceScores(db, userId, period, before),
    contentPage(db, userId, period, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT, cursor: null }),
    quickInsights(db, userId, period.platforms),
  ]);
  const totals = w.totals;
  const previousTotals = pw.totals;
  const current = { ...totals, performance_score: score === null ? null : round2(score) };
  const previous = { ...previousTotals, performance_score: previousScore === null ? null : round2(previousScore) };
  const mismatched = new Set<string>(followerMismatches(totals, previousTotals, COMPARED));
  const changes = Object.fromEntries(
    COMPARED.map((m) => {
      const change = changeOf(current[m], previous[m], PERCENT.includes(m));
      // Different platforms behind the two follower figures: the difference would be whole accounts, not growth.
      return [m, mismatched.has(m) ? { ...change, change: null, change_pct: null } : change];
    }),
  ) as Record<(typeof COMPARED)[number], ReturnType<typeof changeOf>>;
  const lastSynced = new Map<string, Date | null>();
  for (const b of w.baselines) {
    const prev = lastSynced.get(b.platform) ?? null;
    lastSynced.set(b.platform, b.last_synced_at && (!prev || b.last_synced_at > prev) ? b.last_synced_at : prev);
  }
  return {
    range: rangeOf(period),
    totals,
    performance_score: current.performance_score,
    comparison: { previous_range: { from: before.from, to: before.to }, changes },
    platforms: [...w.platforms].map(([platform, totals]) => ({
      platform,
      ...totals,
      last_synced_at: lastSynced.get(platform) ? new Date(lastSynced.get(platform)!).toISOString() : null,
    })),
    trend: w.trend,
    top_content: top.slice(0, TOP_CONTENT).map(contentItemOut),
    quick_insights: insights,
  };
}
