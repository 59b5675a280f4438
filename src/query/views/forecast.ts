/**
 * GET /analytics/forecast: per platform, the next days of one metric from its
 * daily history, or the reason there is no forecast (src/forecast does the
 * modelling; this view only cuts the history out of the rollups).
 *
 * The history is the platform's daily series (growthSeries by day: activity
 * summed per day, followers the summed count at the end of each day) over the
 * last HISTORY_DAYS complete days: today is still running, so it ends
 * yesterday, or on the last day the platform's rollups reach when it has not
 * been synced since. Only the last unbroken run of known values is used: a
 * model is never fed a made-up day. The first forecast point is the day after
 * the history.
 */
import type { Queryable } from '../../db/client.js';
import { addDays, daysBetween, type Period } from '../../analytics/period.js';
import type { Platform } from '../../analytics/catalog.js';
import { forecastSeries, type BacktestSummary, type ForecastPoint } from '../../forecast/forecast.js';
import type { ModelName } from '../../forecast/model.js';
import { groupBy } from '../aggregate.js';
import { growthSeries, type GrowthPoint } from './growth.js';
import { loadWindow } from './window.js';

import type { ForecastMetric } from './forecast-href.js';
export const DEFAULT_HORIZON = 28;
/**
 * Days of history read: three years. The models fit at most two years
 * (MAX_TRAIN_DAYS) at each backtest origin, and the origins reach back most
 * of a year; older days would change nothing.
 */
export const HISTORY_DAYS = 1095;

/** Followers is a running count: forecast as daily changes, then accumulated. Views and engagement are daily activity. */
const CUMULATIVE: Record<ForecastMetric, boolean> = { followers: true, views: false, engagement: false };

export interface PlatformForecast {
  platform: Platform;
  metric: ForecastMetric;
  history: { from: string | null; to: string | null; days: number };
  forecast: { model: ModelName; backtest: BacktestSummary; points: (ForecastPoint & { date: string })[] } | null;
  reason: string | null;
}

/** The window the history is read from: the HISTORY_DAYS days before `today`'s period end, from its start at the earliest. */
export function historyPeriod(period: Period): Period | null {
  const to = addDays(period.to, -1);
  const earliest = addDays(to, -(HISTORY_DAYS - 1));
  const from = period.from > earliest ? period.from : earliest;
  if (from > to) return null;
  return { ...period, from, to, days: daysBetween(from, to) + 1 };
}

/** The last unbroken run of known values, with the day it starts on. */
function lastRun(points: GrowthPoint[], metric: ForecastMetric, lastDay: string | null): { from: string | null; to: string | null; values: number[] } {
  const values: number[] = [];
  let from: string | null = null;
  let to: string | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    if (lastDay === null || p.date > lastDay) continue;
    const v = p[metric];
    if (v === null) {
      if (values.length > 0) break;
      continue;
    }
    values.push(v);
    from = p.date;
    to ??= p.date;
  }
  return { from, to, values: values.reverse() };
}

export async function forecast(db: Queryable, userId: number, period: Period, metric: ForecastMetric, horizon: number) {
  const history = historyPeriod(period);
  const w = history ? await loadWindow(db, userId, history) : null;
  const platforms = w ? [...new Set(w.baselines.map((b) => b.platform))].sort() : [];
  const rowsBy = groupBy(w?.rows ?? [], (r) => r.platform);
  const items: PlatformForecast[] = platforms.map((platform) => {
    const rows = rowsBy.get(platform) ?? [];
    const accountIds = w!.baselines.filter((b) => b.platform === platform).map((b) => b.account_id);
    // The rollups reach the last day with data; days after it are not known, not flat.
    const lastDay = rows.length > 0 ? rows[rows.length - 1]!.day : null;
    const run = lastRun(growthSeries(w!, rows, accountIds, 'day'), metric, lastDay);
    const result = forecastSeries({ values: run.values, cumulative: CUMULATIVE[metric], horizon, floor: 0 });
    const base = { platform, metric, history: { from: run.from, to: run.to, days: run.values.length } };
    if (!result.ok) return { ...base, forecast: null, reason: result.reason };
    const points = result.points.map((p, k) => ({ date: addDays(run.to!, k + 1), ...p }));
    return { ...base, forecast: { model: result.model, backtest: result.backtest, points }, reason: null };
  });
  return { metric, horizon, tz: period.tz, platforms: items };
}
