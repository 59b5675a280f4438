/** What every period view loads first: the account-day rows and follower baselines of the window. */
import type { Queryable } from '../../db/client.js';
import { accountBaselines, dayRows, type AccountBaseline, type DayRow } from '../../db/repositories/analytics.js';
import { followerSpans, groupBy, totalsOf, type FollowerSpan, type Totals } from '../aggregate.js';
import type { Platform } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';

export interface Window {
  period: Period;
  rows: DayRow[];
  baselines: AccountBaseline[];
  spans: Map<number, FollowerSpan>;
}

export async function loadWindow(db: Queryable, userId: number, period: Period): Promise<Window> {
  const [rows, baselines] = await Promise.all([dayRows(db, userId, period), accountBaselines(db, userId, period)]);
  return { period, rows, baselines, spans: followerSpans(rows, baselines) };
}

export function rangeOf(p: Period) {
  return { from: p.from, to: p.to, tz: p.tz, days: p.days, platforms: p.platforms };
}

/** Totals per platform that has a connected account in the window's platform list. */
export function platformTotals(w: Window): Map<Platform, Totals> {
  const rowsBy = groupBy(w.rows, (r) => r.platform);
  const out = new Map<Platform, Totals>();
  const platforms = [...new Set(w.baselines.map((b) => b.platform))].sort();
  for (const platform of platforms) {
    const accounts = w.baselines.filter((b) => b.platform === platform).map((b) => b.account_id);
    out.set(platform, totalsOf(rowsBy.get(platform) ?? [], accounts.map((id) => w.spans.get(id)!).filter(Boolean)));
  }
  return out;
}

export function overallTotals(w: Window): Totals {
  return totalsOf(w.rows, [...w.spans.values()]);
}
