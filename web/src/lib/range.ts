/**
 * Date ranges as the URL holds them. A preset stays a preset in the URL
 * (`range=28d`), so a bookmark of "last 28 days" still means the last 28 days
 * tomorrow; a custom range is `from`/`to`. Days are computed in the user's
 * time zone, like the API's day boundaries; `all` is resolved by the API.
 */
export const RANGE_PRESETS = ['7d', '28d', '30d', '90d', 'this_month', 'last_month', 'this_year', 'all'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_LABELS: Record<RangePreset, string> = {
  '7d': 'Last 7 days',
  '28d': 'Last 28 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  this_month: 'This month',
  last_month: 'Last month',
  this_year: 'This year',
  all: 'All time',
};

export const DEFAULT_PRESET: RangePreset = '28d';

/** What the API is asked for: either explicit days or the `all` preset. */
export type ApiRange = { from: string; to: string } | { range: 'all' };

export interface RangeChoice {
  preset: RangePreset | 'custom';
  api: ApiRange;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isPreset(value: string | null): value is RangePreset {
  return value !== null && (RANGE_PRESETS as readonly string[]).includes(value);
}

/** Explicit days of a preset (all stays `all`), as of today in the zone. */
export function presetRange(preset: RangePreset, timeZone: string, now = new Date()): ApiRange {
  const today = todayIn(timeZone, now);
  const [year, month] = today.split('-');
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '28d':
      return { from: addDays(today, -27), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'this_month':
      return { from: `${year}-${month}-01`, to: today };
    case 'last_month': {
      const firstOfThis = `${year}-${month}-01`;
      const lastOfPrevious = addDays(firstOfThis, -1);
      return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
    }
    case 'this_year':
      return { from: `${year}-01-01`, to: today };
    case 'all':
      return { range: 'all' };
  }
}

/** The range the URL asks for; a missing or malformed one falls back to the default preset. */
export function rangeFromQuery(query: URLSearchParams, timeZone: string): RangeChoice {
  const from = query.get('from');
  const to = query.get('to');
  if (from && to && DAY.test(from) && DAY.test(to) && from <= to) return { preset: 'custom', api: { from, to } };
  const preset = query.get('range');
  const chosen = isPreset(preset) ? preset : DEFAULT_PRESET;
  return { preset: chosen, api: presetRange(chosen, timeZone) };
}

/** Query parameters for the API (from/to or range=all). */
export function apiRangeParams(range: ApiRange): { from?: string; to?: string; range?: 'all' } {
  return 'range' in range ? { range: 'all' } : { from: range.from, to: range.to };
}

/** Selected platforms from the URL (`platforms=youtube,tiktok`), or undefined for all. */
export function platformsFromQuery(query: URLSearchParams): string | undefined {
  const value = query.get('platforms');
  return value ? value : undefined;
}
