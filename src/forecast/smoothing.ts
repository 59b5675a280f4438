/**
 * Exponential smoothing, additive errors, in the error-correction form of
 * Hyndman et al. (Forecasting with Exponential Smoothing, 2008), ETS(A,Ad,A):
 *
 *   ŷ_t = l_{t-1} + φ·b_{t-1} + s_{t-m}          e_t = y_t − ŷ_t
 *   l_t = l_{t-1} + φ·b_{t-1} + α·e_t
 *   b_t = φ·b_{t-1} + α·β·e_t                    (β ∈ (0,1) is the share of α: β_ets = α·β < α)
 *   s_t = s_{t-m} + (1−α)·γ·e_t                  (γ ∈ (0,1) likewise: γ_ets < 1 − α)
 *   ŷ_{T+h} = l_T + (φ + … + φ^h)·b_T + s_{T+h−m·⌈h/m⌉}
 *
 * Simple exponential smoothing is the case without trend or season, damped
 * Holt the case without season, damped Holt-Winters the whole thing with
 * m = 7. The parameters minimise the in-sample sum of squared one-step
 * errors (Nelder–Mead inside the admissible box); the initial states come
 * from the first weeks (below), not from the optimiser, which keeps the
 * search to at most four dimensions.
 */
import { SEASON, type Fitted, type Model, type ModelName } from './model.js';
import { minimiseInBox, type Bound } from './optimise.js';

interface Shape {
  name: ModelName;
  trend: boolean;
  season: boolean;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface State {
  level: number;
  trend: number;
  /** The last m seasonal terms, oldest first: seasonal[0] belongs to the next day. */
  seasonal: number[];
}

/** Damping is kept in [0.8, 0.98]: below it the trend vanishes in days, above it is an undamped line (Gardner & McKenzie). */
export const PHI_BOUNDS: Bound = { lower: 0.8, upper: 0.98 };
/** Initial simplex step (logit units) from an earlier fit's parameters: they are near, a full step would wander off. */
const WARM_STEP = 0.25;
const UNIT: Bound = { lower: 1e-4, upper: 0.9999 };
/** How many weeks (at most) the initial seasonal terms average over. */
const INIT_WEEKS = 4;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Initial states, and the first observation the recursion runs from. Without
 * season: the level is the first value (SES) or, with a trend, the second
 * value with the first difference as trend, and the recursion starts after
 * them, so a series that follows the model exactly (a damped trend) has no
 * error at all at its true parameters (Hyndman et al. 2008, §2.6's simple
 * start). With season (from the first weeks, at time −1): the level is the
 * first week's mean, the trend the change of the weekly means per day, each
 * seasonal term the weekday's average deviation from its week's mean.
 */
function initialState(y: readonly number[], shape: Shape): { state: State; start: number } {
  if (!shape.season) {
    if (!shape.trend) return { state: { level: y[0]!, trend: 0, seasonal: [] }, start: 1 };
    return { state: { level: y[1]!, trend: y[1]! - y[0]!, seasonal: [] }, start: 2 };
  }
  const weeks = Math.max(1, Math.min(INIT_WEEKS, Math.floor(y.length / SEASON)));
  const weekMeans = Array.from({ length: weeks }, (_, w) => mean(y.slice(w * SEASON, (w + 1) * SEASON)));
  const trend = shape.trend && weeks > 1 ? (weekMeans[weeks - 1]! - weekMeans[0]!) / ((weeks - 1) * SEASON) : 0;
  const seasonal = Array.from({ length: SEASON }, (_, d) => mean(weekMeans.map((m, w) => y[w * SEASON + d]! - m - trend * (d - (SEASON - 1) / 2))));
  // The first week's mean sits at its middle day; step back to time −1.
  return { state: { level: weekMeans[0]! - trend * ((SEASON - 1) / 2 + 1), trend, seasonal }, start: 0 };
}

/** Runs the recursion over y from `start`; returns the sum of squared one-step errors and the final state. */
function filter(y: readonly number[], shape: Shape, p: Params, init: { state: State; start: number }): { sse: number; state: State } {
  let { level, trend } = init.state;
  const seasonal = [...init.state.seasonal];
  const betaE = p.alpha * p.beta;
  const gammaE = (1 - p.alpha) * p.gamma;
  let sse = 0;
  for (let t = init.start; t < y.length; t++) {
    const s = shape.season ? seasonal[t % SEASON]! : 0;
    const damped = shape.trend ? p.phi * trend : 0;
    const e = y[t]! - (level + damped + s);
    sse += e * e;
    level = level + damped + p.alpha * e;
    if (shape.trend) trend = damped + betaE * e;
    if (shape.season) seasonal[t % SEASON] = s + gammaE * e;
  }
  // Rotate so that seasonal[0] is the term of the day after the last observation.
  const n = y.length;
  const rotated = shape.season ? Array.from({ length: SEASON }, (_, k) => seasonal[(n + k) % SEASON]!) : [];
  return { sse, state: { level, trend, seasonal: rotated } };
}

function forecastFrom(state: State, shape: Shape, phi: number, h: number): number[] {
  const out: number[] = [];
  let dampSum = 0;
  let power = 1;
  for (let k = 0; k < h; k++) {
    power *= phi;
    dampSum += power;
    out.push(state.level + (shape.trend ? dampSum * state.trend : 0) + (shape.season ? state.seasonal[k % SEASON]! : 0));
  }
  return out;
}

function smoothingModel(shape: Shape): Model {
  const names = ['alpha', ...(shape.trend ? ['beta', 'phi'] : []), ...(shape.season ? ['gamma'] : [])];
  const bounds = names.map((n) => (n === 'phi' ? PHI_BOUNDS : UNIT));
  const start = names.map((n) => ({ alpha: 0.3, beta: 0.1, phi: 0.9, gamma: 0.1 })[n]!);
  const toParams = (x: number[]): Params => {
    const get = (n: string, fallback: number) => (names.includes(n) ? x[names.indexOf(n)]! : fallback);
    return { alpha: get('alpha', 0), beta: get('beta', 0), gamma: get('gamma', 0), phi: get('phi', 1) };
  };
  return {
    name: shape.name,
    // Seasonal: two weeks to initialise and at least one more to learn from; otherwise a week.
    minLength: shape.season ? 3 * SEASON : SEASON,
    fit(y, from): Fitted {
      const init = initialState(y, shape);
      // Pulled 2% of the range inside the box: at a bound the logistic is flat and a small simplex would never move.
      const inside = (x: number, b: Bound) => Math.min(b.upper - 0.02 * (b.upper - b.lower), Math.max(b.lower + 0.02 * (b.upper - b.lower), x));
      const first = from ? names.map((n, i) => inside(from[n] ?? start[i]!, bounds[i]!)) : start;
      const best = minimiseInBox((x) => filter(y, shape, toParams(x), init).sse, first, bounds, from ? WARM_STEP : 1);
      const p = toParams(best.x);
      const { state } = filter(y, shape, p, init);
      return {
        params: Object.fromEntries(names.map((n, i) => [n, best.x[i]!])),
        forecast: (h) => forecastFrom(state, shape, p.phi, h),
      };
    },
  };
}

export const ses = smoothingModel({ name: 'ses', trend: false, season: false });
export const dampedHolt = smoothingModel({ name: 'damped_holt', trend: true, season: false });
export const dampedHoltWinters = smoothingModel({ name: 'damped_holt_winters', trend: true, season: true });
