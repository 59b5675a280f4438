/**
 * The query window every analytics endpoint shares: from/to (YYYY-MM-DD,
 * inclusive, in the time zone `tz`), platforms, tz. Parsed once here so every
 * endpoint rejects bad input the same way, naming the field.
 */
import { PLATFORMS, isPlatform, type Platform } from './catalog.js';
import { ValidationError } from '../errors.js';

export interface Period {
  from: string;
  to: string;
  tz: string;
  platforms: Platform[];
  /** Number of days in the window, both ends included. */
  days: number;
}

export interface PeriodQuery {
  from?: string;
  to?: string;
  tz?: string;
  platforms?: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MAX_RANGE_DAYS = 5 * 366;
export const DEFAULT_RANGE_DAYS = 30;

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses a calendar date; rejects 2026-02-30 and friends. */
export function parseDay(value: string, field: string): string {
  const m = DAY.exec(value);
  if (!m) throw new ValidationError(field, `must be a date YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date.toISOString().slice(0, 10) !== value) throw new ValidationError(field, `${value} is not a calendar date`);
  return value;
}

/** Today's date in the given zone. */
export function todayIn(tz: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function parsePlatforms(raw: string | undefined, field = 'platforms'): Platform[] {
  if (raw === undefined || raw.trim() === '') return [...PLATFORMS];
  const list = raw.split(',').map((p) => p.trim().toLowerCase());
  for (const p of list) {
    if (!isPlatform(p)) throw new ValidationError(field, `unknown platform "${p.slice(0, 30)}"; expected a comma list of ${PLATFORMS.join(', ')}`);
  }
  return [...new Set(list)] as Platform[];
}

export function parsePeriod(query: PeriodQuery, userTz: string, now = new Date()): Period {
  const tz = query.tz ?? userTz;
  if (!isValidTimeZone(tz)) throw new ValidationError('tz', `unknown time zone "${String(tz).slice(0, 64)}"; use an IANA name such as Europe/Berlin`);
  const to = query.to !== undefined ? parseDay(query.to, 'to') : todayIn(tz, now);
  const from = query.from !== undefined ? parseDay(query.from, 'from') : addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw new ValidationError('from', `must not be after to (${from} > ${to})`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS) throw new ValidationError('to', `the range may span at most 5 years; got ${days} days`);
  return { from, to, tz, platforms: parsePlatforms(query.platforms), days };
}

/** The period of equal length just before this one (for "change vs previous period"). */
export function previousPeriod(p: Period): Period {
  return { ...p, from: addDays(p.from, -p.days), to: addDays(p.from, -1) };
}
