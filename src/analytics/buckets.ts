/** Calendar buckets for series: day, ISO week (starting Monday) or month. */
import { ValidationError } from '../errors.js';
import { addDays } from './period.js';

export type Granularity = 'day' | 'week' | 'month';

export function parseGranularity(raw: string | undefined): Granularity {
  const g = raw ?? 'day';
  if (g !== 'day' && g !== 'week' && g !== 'month') throw new ValidationError('granularity', 'must be day, week or month');
  return g;
}

/** The first day of the bucket that contains `day`. */
export function bucketStart(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
