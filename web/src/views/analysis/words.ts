/** Plain words for the statistics the insights, forecasts and alerts carry (the API's numbers, worded; nothing computed). */
import { formatDecimal } from '../../lib/format.js';

const signedPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const share = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const onePlace = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** The API's confidence_score (0–1) in words; 0 means the record claims nothing. */
export function confidenceWords(score: number): string {
  if (score <= 0) return 'no claim';
  if (score < 0.25) return 'low';
  if (score < 0.5) return 'moderate';
  if (score < 0.75) return 'fairly high';
  return 'high';
}

/** A multiplicative lift (1.5 = 50 % more) as "+50 %". */
export function liftWords(lift: number): string {
  return signedPercent.format(lift - 1);
}

export function intervalWords(interval: readonly number[]): string {
  const [low, high] = interval;
  return low === undefined || high === undefined ? '' : `${liftWords(low)} to ${liftWords(high)}`;
}

/** A 0–1 share as "78 %"; null is a dash. */
export function shareWords(value: number | null): string {
  return value === null ? '—' : share.format(value);
}

/** A percentage the API gives as 0–100. */
export function percentWords(value: number): string {
  return `${onePlace.format(value)} %`;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** ISO weekday 1–7 and a start hour with its length: "Tuesday 18:00–21:00". */
export function slotWords(dayOfWeek: number, hour: number, hours: number): string {
  const end = (hour + hours) % 24;
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${WEEKDAYS[dayOfWeek - 1] ?? `Day ${dayOfWeek}`} ${pad(hour)}–${pad(end)}`;
}

export const MODEL_WORDS: Record<string, string> = {
  naive: 'naive (tomorrow = today)',
  seasonal_naive: 'seasonal naive (same weekday last week)',
  drift: 'drift (the average trend continues)',
  ses: 'simple exponential smoothing',
  damped_holt: 'damped trend (Holt)',
  damped_holt_winters: 'damped trend with a weekly pattern (Holt-Winters)',
};

export function maseWords(value: number): string {
  return formatDecimal(value);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;
}
