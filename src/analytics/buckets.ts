/** Calendar buckets for series: day, ISO week (starting Monday) or month. */
import { ValidationError } from '../errors.js';
import { addDays } from './period.js';

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const DEFAULT_GRANULARITY: Granularity = 'day';

function isGranularity(value: string): value is Granularity {
  return (GRANULARITIES as readonly string[]).includes(value);
}

/** A granularity from untyped input (a report's filters); the query string is checked by its schema. */
export function parseGranularity(raw: string | undefined, field = 'granularity'): Granularity {
  const g = raw ?? DEFAULT_GRANULARITY;
  if (!isGranularity(g)) throw new ValidationError(field, `must be one of ${GRANULARITIES.join(', ')}`);
  return g;
}

/** The first day of the bucket that contains `day`. */
export function bucketStart(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
