/**
 * For the alert tests: constructed daily series and the detection method as
 * design.md states it, written out again with plain loops (weekday ratio from
 * the 56 days before, median and 1.4826 × MAD of the 28 days before), so the
 * expected values do not come from src/alerts.
 */
import type { DailyValue } from '../src/alerts/series.js';
import { rng } from './helpers/dataset.js';

export function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const wd = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

/** Expected value and robust z of series[i] against the days before it (every day known). */
export function reference(series: DailyValue[], i: number): { expected: number; z: number } {
  const prior = series.slice(Math.max(0, i - 56), i).map((p) => ({ d: p.day, v: p.value! }));
  const overall = med(prior.map((p) => p.v));
  const factor = [0, 1, 2, 3, 4, 5, 6].map((w) => med(prior.filter((p) => wd(p.d) === w).map((p) => p.v)) / overall);
  const base = prior.slice(-28).map((p) => p.v / factor[wd(p.d)]!);
  const m = med(base);
  const mad = med(base.map((x) => Math.abs(x - m)));
  const f = factor[wd(series[i]!.day)]!;
  const expected = m * f;
  return { expected, z: (series[i]!.value! - expected) / Math.max(1.4826 * mad * f, Math.sqrt(expected), 1) };
}

/** `days` daily values ending on `lastDay`: ~level a day, weekends × weekend, ± noise (uniform, relative). */
export function weeklySeries(lastDay: string, days: number, seed: number, opts: { level?: number; weekend?: number; noise?: number } = {}): DailyValue[] {
  const { level = 1000, weekend = 1, noise = 0.08 } = opts;
  const r = rng(seed);
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const base = wd(day) === 0 || wd(day) === 6 ? level * weekend : level;
    return { day, value: Math.round(base * (1 + noise * (2 * r() - 1))) };
  });
}
