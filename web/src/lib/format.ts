/** Numbers and dates in the browser's locale (Intl), one place for every view. */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 });
const signedPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
// One formatter each, made once: toLocaleDateString(…, options) builds a new one per call, which
// cost about a second for the two years of days in the overview's tables.
const dayFormat = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A missing figure is shown as a dash, never as 0. */
export const MISSING = '—';

export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : integer.format(value);
}

export function formatCompactNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : compact.format(value);
}

export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : decimal.format(value);
}

/** The API's rates are percentages (4.56 means 4.56 %). */
export function formatPercentValue(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : percent.format(value / 100);
}

/** A relative change (0.12 means +12 %). */
export function formatChange(value: number | null | undefined): string {
  return value === null || value === undefined ? MISSING : signedPercent.format(value);
}

export function formatDay(value: string): string {
  return dayFormat.format(new Date(`${value}T00:00:00Z`));
}

export function formatInstant(iso: string | null | undefined): string {
  return iso ? instantFormat.format(new Date(iso)) : MISSING;
}

/** "12 s ago", "3 min ago", … for the live-updates line. */
export function formatAgo(seconds: number): string {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'short' });
  if (seconds < 60) return rtf.format(-Math.round(seconds), 'second');
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  return rtf.format(-Math.round(seconds / 3600), 'hour');
}

export const PLATFORM_LABELS: Record<string, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };

export function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? platform;
}
