/**
 * A period's figures summed in SQL (src/db/repositories/window-sums.ts): the
 * totals, per-platform totals, follower spans and daily trend that
 * views/window.ts + aggregate.ts compute from account-day rows, equal to them
 * to the last bit, for the views that need nothing else of the rows (the dashboard).
 */
import type { Queryable } from '../db/client.js';
import type { AccountBaseline } from '../db/repositories/analytics.js';
import { windowSums, type WindowSums } from '../db/repositories/window-sums.js';
import type { Platform } from '../analytics/catalog.js';
import type { Period } from '../analytics/period.js';
import { activitySumsFrom, dailyTrendFrom, followerSpans, followerTrend, totalsFrom, type FollowerSpan, type Totals, type TrendPoint } from './aggregate.js';

/** A period's totals: what a comparison with another period needs. */
export interface WindowTotals {
  period: Period;
  baselines: AccountBaseline[];
  spans: Map<number, FollowerSpan>;
  totals: Totals;
  /** Per platform with a connected account in the period's platform list (sorted), as views/window.ts platformTotals. */
  platforms: Map<Platform, Totals>;
}

/** A period's totals and its daily trend. */
export interface WindowSummary extends WindowTotals {
  trend: TrendPoint[];
}

export async function loadWindowTotals(db: Queryable, userId: number, period: Period): Promise<WindowTotals> {
  return totalsOf(period, await windowSums(db, userId, period, { days: false }));
}

export async function loadWindowSummary(db: Queryable, userId: number, period: Period): Promise<WindowSummary> {
  const sums = await windowSums(db, userId, period, { days: true });
  return {
    ...totalsOf(period, sums),
    trend: dailyTrendFrom(sums.days ?? [], followerTrend(sums.followers, sums.baselines, period.from, period.to)),
  };
}

function totalsOf(period: Period, sums: WindowSums): WindowTotals {
  const { baselines } = sums;
  const spans = followerSpans(sums.followers, baselines);
  const platforms = new Map<Platform, Totals>();
  for (const platform of [...new Set(baselines.map((b) => b.platform))].sort()) {
    const accounts = baselines.filter((b) => b.platform === platform).map((b) => spans.get(b.account_id)!).filter(Boolean);
    platforms.set(platform, totalsFrom(activitySumsFrom(sums.groups, platform), accounts));
  }
  return { period, baselines, spans, totals: totalsFrom(activitySumsFrom(sums.groups, null), [...spans.values()]), platforms };
}
