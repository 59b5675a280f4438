/**
 * A forecast of one daily series, or the reason there is none. The model is
 * chosen by the rolling-origin backtest (backtest.ts): among drift, simple
 * exponential smoothing, damped Holt and damped Holt-Winters, the lowest MASE
 * over the asked horizon; it is offered only when that MASE is at least
 * BEAT_MARGIN below both naive's and seasonal naive's (the M4/M5 lesson:
 * simple methods are hard to beat, so a forecast has to show it does, by more
 * than a tie: on a random walk smoothing with α → 1 is naive, and wins or
 * loses by a hair at random). Intervals are the empirical quantiles (band.ts)
 * of the chosen model's backtest errors around each step: no normal
 * assumption, and their coverage is checked out of sample (backtest.ts).
 *
 * A cumulative metric (followers) is forecast as its daily changes, which
 * are then added to the last known count; its errors and intervals are those
 * of the running sums, so they widen with the horizon as the count's do.
 */
import { accumulated, backtest, coverage, mase, MAX_TRAIN_DAYS, pooledErrors, requiredDays, type Backtest } from './backtest.js';
import { band } from './band.js';
import { drift, naive, seasonalNaive } from './baselines.js';
import type { Model, ModelName } from './model.js';
import { dampedHolt, dampedHoltWinters, ses } from './smoothing.js';

export const BASELINES: readonly Model[] = [naive, seasonalNaive];
export const CANDIDATES: readonly Model[] = [drift, ses, dampedHolt, dampedHoltWinters];
export const MAX_HORIZON = 90;
/** How much lower (relative) the chosen model's MASE must be than the better baseline's. */
export const BEAT_MARGIN = 0.05;

export interface ForecastPoint {
  value: number;
  lower_80: number;
  upper_80: number;
  lower_95: number;
  upper_95: number;
}

export interface BacktestSummary {
  mase: number;
  baselines: { naive: number; seasonal_naive: number };
  /** Out-of-sample share of outcomes inside the 80% / 95% intervals; null when too few could be checked. */
  coverage_80: number | null;
  coverage_95: number | null;
  origins: number;
}

export type Forecast =
  | { ok: true; model: ModelName; backtest: BacktestSummary; points: ForecastPoint[] }
  | { ok: false; reason: string };

export interface SeriesInput {
  /** Daily values, oldest first, no gaps: activity per day, or the running count for a cumulative metric. */
  values: readonly number[];
  cumulative: boolean;
  horizon: number;
  /**
   * The least value the metric can take (0 for counts): the forecast and its
   * bands are clipped there, since a model extrapolating a decline, or an
   * error quantile, knows nothing of the floor. Clipping never moves a bound
   * past an outcome the metric could have, so coverage is unchanged.
   */
  floor?: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => x.toFixed(2);

/** The chosen model by MASE at step h, with its figures and the baselines'. */
export function choose(bt: Backtest, h: number): { model: ModelName; mase: number; naive: number; seasonal_naive: number } {
  let best: { model: ModelName; mase: number } | null = null;
  for (const m of CANDIDATES) {
    const score = mase(bt, m.name, h);
    if (best === null || score < best.mase) best = { model: m.name, mase: score };
  }
  return { ...best!, naive: mase(bt, 'naive', h), seasonal_naive: mase(bt, 'seasonal_naive', h) };
}

export function forecastSeries({ values, cumulative, horizon, floor = -Infinity }: SeriesInput): Forecast {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) throw new RangeError(`horizon must be 1–${MAX_HORIZON}`);
  const y = cumulative ? values.slice(1).map((v, i) => v - values[i]!) : [...values];
  const needed = requiredDays(horizon) + (cumulative ? 1 : 0);
  if (values.length < needed) {
    return { ok: false, reason: `History too short: a ${horizon}-day forecast needs ${needed} consecutive days of history, there are ${values.length}` };
  }
  const what = cumulative ? 'daily change' : 'value';
  if (y.every((v) => v === y[0])) {
    return { ok: false, reason: `No signal: every day's ${what} is ${fmt(y[0]!)}; there is nothing a model could add to the last value` };
  }
  const bt = backtest(y, [...BASELINES, ...CANDIDATES], horizon);
  if (bt.scale === 0) {
    return { ok: false, reason: `No signal: the history repeats the same week exactly; last week's values are the forecast and no model beats them` };
  }
  const pick = choose(bt, horizon);
  if (!(pick.mase <= (1 - BEAT_MARGIN) * Math.min(pick.naive, pick.seasonal_naive))) {
    return {
      ok: false,
      reason: `No model beats the baselines: in the backtest (${bt.origins.length} origins, ${horizon} days ahead) the best, ${pick.model}, has MASE ${fmt(pick.mase)} against naive ${fmt(pick.naive)} and seasonal naive ${fmt(pick.seasonal_naive)}; a forecast needs ${BEAT_MARGIN * 100}% less than the better of them`,
    };
  }
  const rawErrors = bt.errors.get(pick.model)!;
  const errors = cumulative ? accumulated(rawErrors) : rawErrors;
  const model = [...CANDIDATES].find((m) => m.name === pick.model)!;
  let point = model.fit(y.slice(-MAX_TRAIN_DAYS)).forecast(horizon);
  if (cumulative) {
    let run = values[values.length - 1]!;
    point = point.map((d) => (run += d));
  }
  const points = point.map((value, k) => {
    const atStep = pooledErrors(errors, k);
    const [l80, u80] = band(atStep, 0.8);
    const [l95, u95] = band(atStep, 0.95);
    const at = (x: number) => round2(Math.max(floor, x));
    return { value: at(value), lower_80: at(value + l80), upper_80: at(value + u80), lower_95: at(value + l95), upper_95: at(value + u95) };
  });
  const cov = (level: number) => {
    const c = coverage(bt.origins, errors, horizon, level).share;
    return c === null ? null : Math.round(c * 1000) / 1000;
  };
  return {
    ok: true,
    model: pick.model,
    backtest: {
      mase: round2(pick.mase),
      baselines: { naive: round2(pick.naive), seasonal_naive: round2(pick.seasonal_naive) },
      coverage_80: cov(0.8),
      coverage_95: cov(0.95),
      origins: bt.origins.length,
    },
    points,
  };
}
