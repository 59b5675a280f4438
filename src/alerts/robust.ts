/**
 * Robust location and scale: the median and 1.4826 × MAD (median absolute
 * deviation), which estimates the standard deviation of normal data while a
 * few outliers in the window (an earlier spike) barely move it.
 */
import { median, medianAbsoluteDeviation } from 'simple-statistics';

/** MAD × this = a standard deviation, for normally distributed data. */
export const MAD_TO_SD = 1.4826;

export interface RobustCentre {
  median: number;
  /** 1.4826 × MAD. */
  scale: number;
}

export function robustCentre(values: readonly number[]): RobustCentre {
  const v = [...values];
  return { median: median(v), scale: MAD_TO_SD * medianAbsoluteDeviation(v) };
}

export function medianOf(values: readonly number[]): number {
  return median([...values]);
}
