/**
 * The query window every analytics endpoint and report shares: from/to
 * (YYYY-MM-DD, inclusive, in the time zone `tz`), platforms, tz. Parsed once
 * here (parsePeriod) so every endpoint rejects bad input with the same rules
 * and words, naming the field as that endpoint spells it. The `range=all`
 * preset of the analytics query is resolved here too (resolvePeriod), from the
 * earliest day the caller reads through a repository.
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

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * The earliest day a range may touch: no platform Pulseboard reads existed
 * before 2005 (YouTube, the oldest, launched that year), so an earlier day is
 * a typo, not history. There is no cap on the length of a range: a creator
 * with nine years of videos sees them in one view.
 */
export const EARLIEST_DAY = '2005-01-01';
/** How far past today (in the zone) a range may reach: scheduled posts and planning, not a typo'd year. */
export const MAX_YEARS_AHEAD = 1;
export const DEFAULT_RANGE_DAYS = 30;
/** The presets of the `range` query parameter: `all` is from the user's earliest data to today. */
export const RANGE_PRESETS = ['all'] as const;
/** The query parameter of the presets. */
export const RANGE_FIELD = 'range';

// One formatter per zone: making one costs ~0.3 ms, more than the rest of parsing a period (every request parses one or two).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  if (dayFormats.has(tz)) return true;
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
  let format = dayFormats.get(tz);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(tz, format);
  }
  return format.format(now);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every calendar day from `from` to `to`, both included (one Date per day, where a loop of addDays parses each day again). */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= end; ms += 86_400_000) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/** The same calendar day `years` later (February 29th becomes March 1st). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day a range may reach: today in the zone plus MAX_YEARS_AHEAD years. */
export function latestDay(tz: string, now?: Date): string {
  return addYears(todayIn(tz, now), MAX_YEARS_AHEAD);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * How a request spells the four parts of a period. Errors name these fields,
 * so each API keeps its own vocabulary while the rules stay the same.
 */
export interface PeriodFields {
  from: string;
  to: string;
  tz: string;
  platforms: string;
}

/** The analytics query string: ?from=&to=&tz=&platforms=youtube,tiktok */
export const QUERY_PERIOD_FIELDS: PeriodFields = { from: 'from', to: 'to', tz: 'tz', platforms: 'platforms' };
/** Report requests: {date_range_start, date_range_end, time_zone, platforms: [...]} */
export const REPORT_PERIOD_FIELDS: PeriodFields = { from: 'date_range_start', to: 'date_range_end', tz: 'time_zone', platforms: 'platforms' };

/** The raw parts of a period as they arrive (strings, or a platform array in a JSON body). */
export interface PeriodInput {
  from?: unknown;
  to?: unknown;
  tz?: unknown;
  platforms?: unknown;
  /** A preset (`all`): only resolvePeriod takes it, parsePeriod refuses it. */
  range?: unknown;
}

export interface PeriodOptions {
  /** Field names used in errors (default: the analytics query's from/to/tz/platforms). */
  fields?: PeriodFields;
  /**
   * Whether from and to must be given (reports). Otherwise `to` defaults to
   * today in the zone and `from` to 29 days before it (the last 30 days).
   */
  datesRequired?: boolean;
  /** The clock, for tests. */
  now?: Date;
}

/** A time zone given or the fallback (the user's); anything but a known IANA name is a 400 naming `field`. */
export function parseTimeZone(raw: unknown, fallback: string, field: string): string {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'string' || !isValidTimeZone(raw)) {
    throw new ValidationError(field, `unknown time zone "${String(raw).slice(0, 64)}"; use an IANA name such as Europe/Berlin`);
  }
  return raw;
}

/**
 * A list of platform names: a comma list (query strings) or an array (JSON
 * bodies), case-insensitive, duplicates dropped. Missing or empty means all
 * four; an unknown name is a 400 naming `field`.
 */
export function parsePlatforms(raw: unknown, field: string): Platform[] {
  if (raw === undefined || raw === null) return [...PLATFORMS];
  // An empty query parameter (?platforms=) is the parameter left blank: all. An empty JSON list
  // names no platform at all, which used to be read as all four: it is refused instead.
  if (typeof raw === 'string' && raw.trim() === '') return [...PLATFORMS];
  const list: unknown = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list)) throw new ValidationError(field, `must be a list of platform names: ${PLATFORMS.join(', ')}`);
  if (list.length === 0) throw new ValidationError(field, `must name at least one of ${PLATFORMS.join(', ')}; leave it out for all`);
  const out = new Set<Platform>();
  for (const entry of list) {
    const name = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    if (!isPlatform(name)) throw new ValidationError(field, `unknown platform "${String(entry).slice(0, 30)}"; expected any of ${PLATFORMS.join(', ')}`);
    out.add(name);
  }
  return [...out];
}

function dayField(raw: unknown, field: string, latest: string): string {
  if (typeof raw !== 'string') throw new ValidationError(field, 'is required: a date YYYY-MM-DD');
  const day = parseDay(raw, field);
  if (day < EARLIEST_DAY) throw new ValidationError(field, `must be ${EARLIEST_DAY} or later (no platform has data before it), got ${day}`);
  if (day > latest) throw new ValidationError(field, `must be at most ${MAX_YEARS_AHEAD} year after today (${latest}), got ${day}`);
  return day;
}

/**
 * The one parser of a date range, for every endpoint that takes one
 * (analytics views, export, reports, and any future one): from and to are
 * calendar dates YYYY-MM-DD, both inclusive, from ≤ to, each between
 * EARLIEST_DAY and today + MAX_YEARS_AHEAD years in the zone, of any length;
 * tz an IANA zone (default: the user's); platforms a list of platform names
 * (default: all). Every problem is a ValidationError naming the field as the
 * request spells it (`options.fields`), with the same words whichever API it
 * comes from.
 */
export function parsePeriod(input: PeriodInput, userTz: string, options: PeriodOptions = {}): Period {
  // A preset needs the user's data to resolve; taking it here would quietly answer the default 30 days.
  if (input.range !== undefined) throw new ValidationError(RANGE_FIELD, 'is not accepted here; give the dates');
  const fields = options.fields ?? QUERY_PERIOD_FIELDS;
  const tz = parseTimeZone(input.tz, userTz, fields.tz);
  const latest = latestDay(tz, options.now);
  const absent = (v: unknown) => v === undefined && !options.datesRequired;
  const to = absent(input.to) ? todayIn(tz, options.now) : dayField(input.to, fields.to, latest);
  // The default start never reaches before EARLIEST_DAY: a refusal must name a field the request gave.
  const from = absent(input.from) ? maxDay(addDays(to, -(DEFAULT_RANGE_DAYS - 1)), EARLIEST_DAY) : dayField(input.from, fields.from, latest);
  if (from > to) throw new ValidationError(fields.from, `must not be after ${fields.to} (${from} > ${to})`);
  const days = daysBetween(from, to) + 1;
  return { from, to, tz, platforms: parsePlatforms(input.platforms, fields.platforms), days };
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The first day (YYYY-MM-DD, in `tz`) the user has data on, or null when they
 * have none. Read through a repository by the caller (src/query/earliest.ts).
 */
export type EarliestDay = (tz: string) => Promise<string | null>;

/**
 * parsePeriod plus the `range` preset of the analytics query: `range=all` is
 * from the user's earliest day with data (in the zone; today when there is
 * none) to today. The preset stands for both dates, so giving either as well
 * is a 400 on `range`. The resolved period is what callers key caches on, so
 * `range=all` and the same dates spelled out are one query.
 */
export async function resolvePeriod(input: PeriodInput, userTz: string, earliestDay: EarliestDay, options: PeriodOptions = {}): Promise<Period> {
  const { range, ...rest } = input;
  if (range === undefined) return parsePeriod(rest, userTz, options);
  if (!(RANGE_PRESETS as readonly unknown[]).includes(range)) {
    throw new ValidationError(RANGE_FIELD, `must be one of ${RANGE_PRESETS.join(', ')}`);
  }
  const fields = options.fields ?? QUERY_PERIOD_FIELDS;
  if (rest.from !== undefined || rest.to !== undefined) {
    throw new ValidationError(RANGE_FIELD, `cannot be combined with ${fields.from} or ${fields.to}; give either the preset or the dates`);
  }
  const tz = parseTimeZone(rest.tz, userTz, fields.tz);
  const today = todayIn(tz, options.now);
  const earliest = await earliestDay(tz);
  // Clamped into the accepted span: a post dated before 2005 (a platform's bad
  // timestamp) or after today must not turn "all time" into a refusal.
  const from = earliest === null ? today : maxDay(earliest < today ? earliest : today, EARLIEST_DAY);
  return parsePeriod({ ...rest, from, to: today }, userTz, options);
}

/** The period of equal length just before this one (for "change vs previous period"). */
export function previousPeriod(p: Period): Period {
  return { ...p, from: addDays(p.from, -p.days), to: addDays(p.from, -1) };
}
