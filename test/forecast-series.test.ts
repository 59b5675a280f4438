/**
 * forecastSeries: the answer or the reason. Too short, flat and unpredictable
 * series say why there is no forecast (with the numbers), instead of noise; a
 * cumulative count is forecast as daily changes and added up.
 */
import { describe, expect, it } from 'vitest';
import { requiredDays } from '../src/forecast/backtest.js';
import { forecastSeries } from '../src/forecast/forecast.js';
import { rng } from './helpers/dataset.js';
import { birthsSeries } from './helpers/forecast-series.js';

function randomWalk(seed: number, days: number): number[] {
  const random = rng(seed);
  let x = 1000;
  return Array.from({ length: days }, () => (x += Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
}

describe('no forecast, and why', () => {
  it('too short: says how many days it needs and has', () => {
    // 4 weeks to fit + the horizon + 19 more days for 20 origins.
    expect(requiredDays(28)).toBe(28 + 28 + 19);
    const r = forecastSeries({ values: birthsSeries().slice(0, 74), cumulative: false, horizon: 28 });
    expect(r).toEqual({ ok: false, reason: 'History too short: a 28-day forecast needs 75 consecutive days of history, there are 74' });
    // A cumulative count needs one day more: its first day only starts the first change.
    const c = forecastSeries({ values: Array.from({ length: 75 }, (_, i) => 100 + i), cumulative: true, horizon: 28 });
    expect(c.ok ? '' : c.reason).toMatch(/needs 76 consecutive days of history, there are 75/);
    expect(forecastSeries({ values: [], cumulative: false, horizon: 1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/needs 48 .* there are 0$/) });
  });

  it('flat: no signal', () => {
    const r = forecastSeries({ values: Array(200).fill(7), cumulative: false, horizon: 14 });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/^No signal: every day's value is 7\.00/) });
    // Followers that never change: the daily change is always 0.
    const f = forecastSeries({ values: Array(200).fill(5000), cumulative: true, horizon: 14 });
    expect(f).toMatchObject({ ok: false, reason: expect.stringMatching(/^No signal: every day's daily change is 0\.00/) });
  });

  it('the same week over and over: seasonal naive is exact, nothing beats it', () => {
    const week = [3, 5, 8, 8, 7, 2, 1];
    const r = forecastSeries({ values: Array.from({ length: 200 }, (_, t) => week[t % 7]!), cumulative: false, horizon: 14 });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/repeats the same week exactly/) });
  });

  it.each([1, 2, 3, 4, 5])('a random walk (seed %i): no model beats naive by the margin, the figures are in the reason', (seed) => {
    const r = forecastSeries({ values: randomWalk(seed, 400), cumulative: false, horizon: 28 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^No model beats the baselines: in the backtest \(60 origins, 28 days ahead\) the best, \w+, has MASE \d+\.\d\d against naive \d+\.\d\d and seasonal naive \d+\.\d\d; a forecast needs 5% less/);
  });

  it('refuses a horizon outside 1–90 (the route validates it first)', () => {
    expect(() => forecastSeries({ values: [1, 2], cumulative: false, horizon: 91 })).toThrow(RangeError);
    expect(() => forecastSeries({ values: [1, 2], cumulative: false, horizon: 0 })).toThrow(RangeError);
  });
});

describe('a forecast', () => {
  it('on the births series: damped Holt-Winters, points with ordered intervals, the weekly shape carried on', () => {
    const y = birthsSeries();
    const r = forecastSeries({ values: y, cumulative: false, horizon: 14 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.model).toBe('damped_holt_winters');
    expect(r.points).toHaveLength(14);
    expect(r.backtest.mase).toBeLessThan(0.95 * Math.min(r.backtest.baselines.naive, r.backtest.baselines.seasonal_naive));
    for (const p of r.points) {
      expect(p.lower_95).toBeLessThanOrEqual(p.lower_80);
      expect(p.lower_80).toBeLessThan(p.upper_80);
      expect(p.upper_80).toBeLessThanOrEqual(p.upper_95);
    }
    // 2015-01-01 (day 1 of the forecast) is a Thursday; weekends (days 3, 4) are the low days, as in the data.
    const weekend = (r.points[2]!.value + r.points[3]!.value) / 2;
    const weekdays = (r.points[4]!.value + r.points[5]!.value + r.points[6]!.value) / 3;
    expect(weekend).toBeLessThan(0.8 * weekdays);
  });

  it('of a cumulative count: daily changes forecast and added to the last count', () => {
    // Followers gaining 20/day on weekdays, 5 on weekends, plus noise: a count that only goes up.
    const random = rng(9);
    const counts: number[] = [];
    let n = 1000;
    for (let t = 0; t < 400; t++) counts.push((n += (t % 7 < 5 ? 20 : 5) + Math.round((random() - 0.5) * 6)));
    const r = forecastSeries({ values: counts, cumulative: true, horizon: 28 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.model).toBe('damped_holt_winters');
    // Expected: the last count plus the weekly gains, 4 weeks of 5 × 20 + 2 × 5 = 110.
    expect(r.points[27]!.value).toBeGreaterThan(counts[399]! + 4 * 110 - 20);
    expect(r.points[27]!.value).toBeLessThan(counts[399]! + 4 * 110 + 20);
    for (let k = 1; k < 28; k++) expect(r.points[k]!.value).toBeGreaterThan(r.points[k - 1]!.value);
    // The interval of a running count widens with the horizon.
    expect(r.points[27]!.upper_95 - r.points[27]!.lower_95).toBeGreaterThan(r.points[0]!.upper_95 - r.points[0]!.lower_95);
  });
});

describe('a count never forecast below zero', () => {
  // A steady decline with a weekly shape that ends near zero: the models extrapolate it past zero.
  const random = rng(11);
  const values = Array.from({ length: 200 }, (_, t) => Math.max(0, 300 - 1.45 * t + [6, 2, -3, -5, 0, 4, 9][t % 7]! + (random() - 0.5) * 4));

  it('clips the forecast and both bands at the floor the caller gives', () => {
    const free = forecastSeries({ values, cumulative: false, horizon: 28 });
    const floored = forecastSeries({ values, cumulative: false, horizon: 28, floor: 0 });
    if (!free.ok || !floored.ok) throw new Error('expected a forecast of a clear trend');
    // Without the floor the extrapolation goes negative: the floor has something to do.
    expect(Math.min(...free.points.map((p) => p.lower_95))).toBeLessThan(0);
    for (const p of floored.points) {
      expect(Math.min(p.value, p.lower_80, p.upper_80, p.lower_95, p.upper_95)).toBeGreaterThanOrEqual(0);
      expect(p.lower_95 <= p.lower_80 && p.lower_80 <= p.upper_80 && p.upper_80 <= p.upper_95).toBe(true);
    }
    // Above the floor nothing moved.
    floored.points.forEach((p, k) => {
      const f = free.points[k]!;
      for (const key of ['value', 'lower_80', 'upper_80', 'lower_95', 'upper_95'] as const) expect(p[key]).toBe(Math.max(0, f[key]));
    });
  });
});
