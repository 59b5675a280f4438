/**
 * Rolling-origin backtest (Tashman 2000): at each origin the model is fitted
 * to the days before it (at most MAX_TRAIN_DAYS of them) and forecasts the
 * next `horizon` days, which are known; the errors (actual − forecast) at each
 * step are kept per model. The last origin's forecast ends on the last known
 * day; earlier origins step back by up to a week each, so a long history is
 * sampled over most of a year rather than its last weeks only.
 *
 * MASE scale: the in-sample mean absolute error of the one-step seasonal naive
 * method, mean |y_t − y_{t−7}| over the days before the last origin (Hyndman &
 * Koehler 2006, with the weekly season of daily data). One scale per series,
 * so a MASE of 1 is "as far off as last week's same weekday usually is", and
 * comparing models on one series is comparing their mean absolute errors.
 */
import { SEASON, type Model, type ModelName } from './model.js';
import { band } from './band.js';

/** Fewest days a model is fitted to in the backtest: four weeks (Holt-Winters needs three). */
export const MIN_TRAIN_DAYS = 4 * SEASON;
/** Most days a model is fitted to: two years. Older days weigh next to nothing in a smoothing model and cost time. */
export const MAX_TRAIN_DAYS = 730;
/** Fewest origins whose errors make an interval. */
export const MIN_ORIGINS = 20;
export const MAX_ORIGINS = 60;
/** Fewest earlier errors before an origin's interval is checked against its outcome. */
export const MIN_PRIOR_ERRORS = 10;
/**
 * An interval at step k is made of the errors at steps k−1, k, k+1: errors of
 * neighbouring steps are alike, and pooling triples the sample the tails are
 * read from.
 */
export const POOLED_STEPS = 1;

export interface Backtest {
  horizon: number;
  /** Index of each origin's first forecast day (its training set is the days before it), oldest first. */
  origins: number[];
  /** errors[model][origin][step]: actual − forecast, step 0 being one day ahead. */
  errors: Map<ModelName, number[][]>;
  /** Denominator of MASE (see the module comment). */
  scale: number;
}

/** Days of history the backtest needs for `horizon` (the rule behind `origins`). */
export function requiredDays(horizon: number): number {
  return MIN_TRAIN_DAYS + horizon + MIN_ORIGINS - 1;
}

/** Origins for a series of n days, oldest first; fewer than MIN_ORIGINS means the series is too short. */
export function originsFor(n: number, horizon: number): number[] {
  const last = n - horizon;
  const step = Math.max(1, Math.min(SEASON, Math.floor((last - MIN_TRAIN_DAYS) / (MAX_ORIGINS - 1))));
  const out: number[] = [];
  for (let at = last; at >= MIN_TRAIN_DAYS && out.length < MAX_ORIGINS; at -= step) out.push(at);
  return out.reverse();
}

/** Mean |y_t − y_{t−lag}| over y. */
export function naiveScale(y: readonly number[], lag: number): number {
  let sum = 0;
  for (let t = lag; t < y.length; t++) sum += Math.abs(y[t]! - y[t - lag]!);
  return y.length > lag ? sum / (y.length - lag) : 0;
}

export function backtest(y: readonly number[], models: readonly Model[], horizon: number): Backtest {
  const origins = originsFor(y.length, horizon);
  const errors = new Map<ModelName, number[][]>();
  for (const model of models) {
    // Each origin's search starts from the previous origin's parameters: a week more data moves them little.
    let previous: Record<string, number> | undefined;
    errors.set(
      model.name,
      origins.map((at) => {
        const fitted = model.fit(y.slice(Math.max(0, at - MAX_TRAIN_DAYS), at), previous);
        previous = fitted.params;
        return fitted.forecast(horizon).map((f, k) => y[at + k]! - f);
      }),
    );
  }
  const scale = naiveScale(y.slice(0, origins[origins.length - 1] ?? 0), SEASON);
  return { horizon, origins, errors, scale };
}

/** Mean absolute scaled error of steps 1..h over every origin. */
export function mase(bt: Backtest, model: ModelName, h: number): number {
  const rows = bt.errors.get(model)!;
  let sum = 0;
  for (const row of rows) for (let k = 0; k < h; k++) sum += Math.abs(row[k]!);
  return sum / (rows.length * h) / bt.scale;
}

/** Errors of the running sums: what forecasting daily changes and accumulating them misses the level by. */
export function accumulated(errors: number[][]): number[][] {
  return errors.map((row) => {
    let run = 0;
    return row.map((e) => (run += e));
  });
}

/** The errors an interval at step k (0-based) is made of: steps k ± POOLED_STEPS of the rows `use` admits. */
export function pooledErrors(errors: number[][], k: number, use: (row: number, step: number) => boolean = () => true): number[] {
  const out: number[] = [];
  errors.forEach((row, j) => {
    for (let s = Math.max(0, k - POOLED_STEPS); s <= Math.min(row.length - 1, k + POOLED_STEPS); s++) if (use(j, s)) out.push(row[s]!);
  });
  return out;
}

export interface Coverage {
  /** Share of checked outcomes inside the interval, 0–1; null when none could be checked. */
  share: number | null;
  checked: number;
}

/**
 * How often the interval made from earlier errors held the outcome: at each
 * origin and step, the interval is the forecast plus band() of the pooled
 * errors (pooledErrors) of the origins whose outcome at that step was already
 * known on this origin's first forecast day; checked only once
 * MIN_PRIOR_ERRORS such errors exist. Out of sample, so it can fail; it is the
 * same rule the offered forecast's intervals are made with, on all origins.
 */
export function coverage(origins: readonly number[], errors: number[][], h: number, level: number): Coverage {
  let inside = 0;
  let checked = 0;
  for (let i = 0; i < origins.length; i++) {
    for (let k = 0; k < h; k++) {
      const prior = pooledErrors(errors.slice(0, i), k, (j, s) => origins[j]! + s < origins[i]!);
      if (prior.length < MIN_PRIOR_ERRORS) continue;
      const [lower, upper] = band(prior, level);
      const e = errors[i]![k]!;
      checked += 1;
      if (e >= lower && e <= upper) inside += 1;
    }
  }
  return { share: checked === 0 ? null : inside / checked, checked };
}
