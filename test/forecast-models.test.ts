/**
 * Each model on a constructed series whose right answer is known, the answer
 * computed here from the series' own formula, not from the model code.
 */
import { describe, expect, it } from 'vitest';
import { drift, naive, seasonalNaive } from '../src/forecast/baselines.js';
import { band } from '../src/forecast/band.js';
import { backtest, mase, naiveScale } from '../src/forecast/backtest.js';
import { minimiseInBox } from '../src/forecast/optimise.js';
import { dampedHolt, dampedHoltWinters, ses } from '../src/forecast/smoothing.js';
import type { Model } from '../src/forecast/model.js';

const ALL: Model[] = [naive, seasonalNaive, drift, ses, dampedHolt, dampedHoltWinters];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('a constant', () => {
  it.each(ALL.map((m) => [m.name, m] as const))('%s forecasts the constant', (_, model) => {
    const y = Array(60).fill(42);
    for (const v of model.fit(y).forecast(30)) expect(v).toBeCloseTo(42, 9);
  });
});

describe('a line y = 3 + 2t (70 days)', () => {
  const y = range(70).map((t) => 3 + 2 * t);
  it('drift continues it exactly; naive stays at the last value', () => {
    expect(drift.fit(y).forecast(5)).toEqual([0, 1, 2, 3, 4].map((k) => 3 + 2 * (70 + k)));
    expect(naive.fit(y).forecast(3)).toEqual([141, 141, 141]);
  });
  it('damped Holt follows the slope at the highest damping allowed and flattens by φ^k', () => {
    const f = dampedHolt.fit(y);
    // A line is the undamped limit: the fit goes to the bound φ = 0.98, level = last value, trend = slope.
    expect(f.params.phi).toBeCloseTo(0.98, 3);
    let expected = 141;
    f.forecast(20).forEach((v, k) => {
      expected += 2 * 0.98 ** (k + 1);
      expect(v).toBeCloseTo(expected, 2);
    });
  });
});

describe('a pure weekly pattern', () => {
  const pattern = [5, 9, 12, 11, 10, 3, 1];
  const y = range(63).map((t) => 50 + pattern[t % 7]!);
  const truth = range(21).map((k) => 50 + pattern[(63 + k) % 7]!);
  it('seasonal naive and damped Holt-Winters repeat it exactly', () => {
    expect(seasonalNaive.fit(y).forecast(21)).toEqual(truth);
    dampedHoltWinters.fit(y).forecast(21).forEach((v, k) => expect(v).toBeCloseTo(truth[k]!, 9));
  });
  it('the non-seasonal models cannot: their forecasts are flat', () => {
    const f = ses.fit(y).forecast(7);
    expect(Math.max(...f) - Math.min(...f)).toBeLessThan(1e-9);
    expect(f.some((v, k) => Math.abs(v - truth[k]!) > 1)).toBe(true);
  });
});

describe('a damped trend y_t = 100 + 10·Σ_{i≤t} φ^i', () => {
  it.each([0.95, 0.9, 0.85])('damped Holt recovers φ = %s and the rest of the curve', (phi) => {
    const truth = (t: number) => 100 + range(t).reduce((s, i) => s + 10 * phi ** (i + 1), 0);
    const y = range(25).map(truth);
    const f = dampedHolt.fit(y);
    expect(f.params.phi).toBeCloseTo(phi, 4);
    f.forecast(30).forEach((v, k) => expect(v).toBeCloseTo(truth(25 + k), 4));
    // Neither baseline gets it: naive stops growing, drift never slows down.
    expect(Math.abs(naive.fit(y).forecast(30)[29]! - truth(54))).toBeGreaterThan(0.5);
    expect(Math.abs(drift.fit(y).forecast(30)[29]! - truth(54))).toBeGreaterThan(10);
  });
});

describe('simple exponential smoothing', () => {
  it('on a level shift with no noise, it jumps to the new level (α → 1)', () => {
    const y = [...Array(30).fill(10), ...Array(30).fill(20)];
    const f = ses.fit(y);
    expect(f.params.alpha).toBeGreaterThan(0.99);
    expect(f.forecast(3)[2]).toBeCloseTo(20, 6);
  });
});

describe('the optimiser', () => {
  it('finds the minimum of a bowl inside the box, and the box edge when the minimum is outside', () => {
    const inside = minimiseInBox((x) => (x[0]! - 0.3) ** 2 + (x[1]! - 0.7) ** 2, [0.5, 0.5], [{ lower: 0, upper: 1 }, { lower: 0, upper: 1 }], 1, 1000, 1e-14);
    expect(inside.x[0]).toBeCloseTo(0.3, 4);
    expect(inside.x[1]).toBeCloseTo(0.7, 4);
    const edge = minimiseInBox((x) => (x[0]! - 2) ** 2, [0.5], [{ lower: 0, upper: 1 }], 1, 1000);
    expect(edge.x[0]).toBeGreaterThan(0.999);
  });
});

describe('band and MASE', () => {
  it('band takes the conformal order statistics', () => {
    const values = range(99).map((i) => 99 - i); // 1..99, shuffled order does not matter
    // n = 99: ⌊100·0.1⌋ = 10th and ⌈100·0.9⌉ = 90th smallest; at 95%, the 2nd and 98th.
    expect(band(values, 0.8)).toEqual([10, 90]);
    expect(band(values, 0.95)).toEqual([2, 98]);
    // Too few values to reach the tails: the extremes.
    expect(band([3, 1, 2], 0.95)).toEqual([1, 3]);
  });
  it('MASE of seasonal naive equals the mean absolute error over origins divided by the weekly naive scale, computed by hand', () => {
    const y = range(200).map((t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 7) + ((t * 37) % 11));
    const bt = backtest(y, [seasonalNaive], 14);
    let sum = 0;
    for (const at of bt.origins) for (let k = 0; k < 14; k++) sum += Math.abs(y[at + k]! - y[at - 7 + (k % 7)]!);
    const beforeLast = y.slice(0, bt.origins[bt.origins.length - 1]);
    let scale = 0;
    for (let t = 7; t < beforeLast.length; t++) scale += Math.abs(beforeLast[t]! - beforeLast[t - 7]!);
    scale /= beforeLast.length - 7;
    expect(naiveScale(beforeLast, 7)).toBeCloseTo(scale, 12);
    expect(mase(bt, 'seasonal_naive', 14)).toBeCloseTo(sum / (bt.origins.length * 14) / scale, 12);
  });
});
