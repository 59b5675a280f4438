/**
 * The small statistics the insight kinds share: robust centre and spread,
 * Welch's t comparison of two groups on the log scale, and the confidence
 * rule every kind documents in terms of these.
 */
import { mean, median, probit, sampleVariance } from 'simple-statistics';

/** 1.4826 · MAD: the standard deviation of normal data, estimated robustly. */
export const MAD_SCALE = 1.4826;

export function robustSpread(values: readonly number[]): { median: number; scale: number } {
  const m = median([...values]);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return { median: m, scale: MAD_SCALE * mad };
}

/**
 * Quantile of Student's t with `df` degrees of freedom, from the normal
 * quantile by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5):
 * within 1% of the exact value for df ≥ 3 at the levels used here.
 */
export function tQuantile(p: number, df: number): number {
  const z = probit(p);
  if (!Number.isFinite(df) || df > 1e6) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export interface Comparison {
  /** Posts in the group and in the rest. */
  n: number;
  rest: number;
  /** Mean difference of log scores (group − rest): the log of the multiplicative lift. */
  diff: number;
  /** Welch's t statistic of the difference. */
  t: number;
  df: number;
  /** The interval of the difference at the asked level, on the log scale. */
  lo: number;
  hi: number;
}

/**
 * Welch's two-sample comparison of log scores, with a two-sided interval at
 * level 1 − alpha. Null when either side has fewer than 2 values or both have
 * no variance (nothing to say an interval from).
 */
export function compareGroups(group: readonly number[], rest: readonly number[], alpha = 0.05): Comparison | null {
  if (group.length < 2 || rest.length < 2) return null;
  const v1 = sampleVariance([...group]) / group.length;
  const v2 = sampleVariance([...rest]) / rest.length;
  const se = Math.sqrt(v1 + v2);
  if (!(se > 0)) return null;
  const diff = mean([...group]) - mean([...rest]);
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (group.length - 1) + v2 ** 2 / (rest.length - 1));
  const q = tQuantile(1 - alpha / 2, Math.max(1, df));
  return { n: group.length, rest: rest.length, diff, t: diff / se, df, lo: diff - q * se, hi: diff + q * se };
}

/** Posts at which the sample-size factor of a confidence reaches one half. */
export const HALF_CONFIDENCE_POSTS = 30;
/** Standardized effect at which the strength factor of a confidence reaches one half. */
export const HALF_CONFIDENCE_Z = 4;

/**
 * The confidence rule of every kind: strength × sample.
 *  - strength = z² / (z² + 4²), where z is the standardized effect (effect
 *    size over its standard error, so it grows with the effect and with n and
 *    shrinks with variance): 0 without an effect, ½ at z = 4, 0.8 at z = 8. It
 *    keeps rising where a p-value has long saturated, so a 4× lift is more
 *    certain than a 1.6× one on the same posts;
 *  - sample = n / (n + 30): an effect seen in 3 posts is worth less than the
 *    same z in 300, even when the variance estimate is lucky.
 * Both rise monotonically, so confidence rises with sample size and with effect.
 */
export function confidenceOf(z: number, n: number): number {
  if (!Number.isFinite(z) || n <= 0) return 0;
  const strength = (z * z) / (z * z + HALF_CONFIDENCE_Z ** 2);
  return round(Math.max(0, Math.min(1, strength * (n / (n + HALF_CONFIDENCE_POSTS)))), 3);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A log-scale difference as a multiplicative lift (1.5 = 50% more), rounded. */
export function liftOf(logDiff: number): number {
  return round(Math.exp(logDiff), 2);
}
