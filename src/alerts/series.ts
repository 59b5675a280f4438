/**
 * Spikes and drops in one daily series (an account's or a post's views,
 * engagement, or an account's follower change), against a weekday-aware
 * robust baseline. Pure: data in, flagged days out.
 *
 * For each day t that is evaluated:
 *  1. Weekday pattern. Over the WEEKDAY_WINDOW_DAYS days before t, each
 *     weekday's median divided by the median of all those days is that
 *     weekday's factor (Saturday 1.8: Saturdays run 80 % above the usual). A day's
 *     value divided by its weekday's factor is its weekday-free value. Where a
 *     weekday's median or the overall median is not positive (a follower count
 *     that shrinks, a series that is mostly 0) a ratio means nothing, and the
 *     pattern is removed as a difference instead (weekday median − overall median).
 *  2. Baseline. The weekday-free values of the BASELINE_DAYS days before t give
 *     a median m and a scale s = 1.4826 × MAD.
 *  3. Score. expected = m put back on t's weekday (m × factor, or m + offset),
 *     z = (value − expected) / (s on t's weekday, at least the count noise
 *     √|expected| and at least 1). The floor keeps a series that never moved
 *     (MAD 0) from calling a change of one view infinitely unusual.
 *  4. Flag. spike: z ≥ the spike threshold; drop: z ≤ −the drop threshold; and
 *     the change is at least MIN_CHANGE of the metric (5 followers are not news).
 *
 * Too little history is never an alert: a day needs MIN_BASELINE_DAYS known
 * values among its BASELINE_DAYS and MIN_PER_WEEKDAY known values of every
 * weekday in its weekday window. Days the caller marks unknown (null) are left
 * out of every window, never read as 0.
 */
import { addDays, daysBetween } from '../analytics/period.js';
import { medianOf, robustCentre } from './robust.js';

export const BASELINE_DAYS = 28;
export const WEEKDAY_WINDOW_DAYS = 56;
export const MIN_BASELINE_DAYS = 21;
export const MIN_PER_WEEKDAY = 2;

/** The metrics alerts watch. Engagement as in the catalog; followers as the change over one day. */
export const ALERT_METRICS = ['views', 'engagement', 'followers'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** The smallest change worth an alert, in the metric's unit per day. */
export const MIN_CHANGE: Record<AlertMetric, number> = { views: 20, engagement: 5, followers: 5 };

export type Direction = 'spike' | 'drop';

export interface DailyValue {
  /** YYYY-MM-DD */
  day: string;
  value: number | null;
}

export interface SeriesRules {
  metric: AlertMetric;
  /** z at or above which a day is a spike; null: spikes are not looked for. */
  spike: number | null;
  /** |z| at or above which a day below expectation is a drop; null: drops are not looked for. */
  drop: number | null;
  /** The first day to evaluate (earlier days are history only). */
  from: string;
  /** The last day to evaluate. */
  to: string;
  /** Drops only up to this day: a day still under way has not had all its views yet. */
  lastCompleteDay: string;
}

export interface FlaggedDay {
  day: string;
  direction: Direction;
  observed: number;
  expected: number;
  /** The robust z-score (negative for a drop). */
  score: number;
}

/** Weekday (0 = Sunday … 6) of a YYYY-MM-DD day. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Known values with their weekday worked out once (a series is scored day after day). */
interface Known {
  day: string;
  value: number;
  weekday: number;
}

interface WeekdayPattern {
  kind: 'ratio' | 'offset';
  /** Per weekday (0 = Sunday): factor (ratio) or offset. */
  by: number[];
}

/** The weekday pattern of the given days, or null when a weekday has too few values. */
export function weekdayPattern(days: readonly { day: string; value: number; weekday?: number }[]): WeekdayPattern | null {
  const groups: number[][] = [[], [], [], [], [], [], []];
  for (const d of days) groups[d.weekday ?? weekday(d.day)]!.push(d.value);
  if (groups.some((g) => g.length < MIN_PER_WEEKDAY)) return null;
  const overall = medianOf(days.map((d) => d.value));
  const medians = groups.map(medianOf);
  if (overall > 0 && medians.every((m) => m > 0)) return { kind: 'ratio', by: medians.map((m) => m / overall) };
  return { kind: 'offset', by: medians.map((m) => m - overall) };
}

function removePattern(p: WeekdayPattern, d: Known): number {
  const w = p.by[d.weekday]!;
  return p.kind === 'ratio' ? d.value / w : d.value - w;
}

/** Scores one day against the days before it; null when the history is too thin. */
export function scoreDay(history: readonly { day: string; value: number }[], day: string, value: number): { expected: number; score: number } | null {
  const patternStart = addDays(day, -WEEKDAY_WINDOW_DAYS);
  const baseStart = addDays(day, -BASELINE_DAYS);
  const patternDays: Known[] = [];
  for (const h of history) if (h.day >= patternStart && h.day < day) patternDays.push({ day: h.day, value: h.value, weekday: 'weekday' in h && typeof h.weekday === 'number' ? h.weekday : weekday(h.day) });
  const baseDays = patternDays.filter((h) => h.day >= baseStart);
  if (baseDays.length < MIN_BASELINE_DAYS) return null;
  const pattern = weekdayPattern(patternDays);
  if (!pattern) return null;
  const { median, scale } = robustCentre(baseDays.map((h) => removePattern(pattern, h)));
  const w = pattern.by[weekday(day)]!;
  const expected = pattern.kind === 'ratio' ? median * w : median + w;
  const spread = pattern.kind === 'ratio' ? scale * w : scale;
  const floor = Math.max(1, Math.sqrt(Math.abs(expected)));
  return { expected, score: (value - expected) / Math.max(spread, floor) };
}

/**
 * The flagged days of one series between rules.from and rules.to. `values`
 * may have gaps and nulls; each evaluated day is scored against the known
 * days before it.
 */
export function flagSeries(values: readonly DailyValue[], rules: SeriesRules): FlaggedDay[] {
  const known: Known[] = values
    .filter((v): v is { day: string; value: number } => v.value !== null && Number.isFinite(v.value))
    .map((v) => ({ day: v.day, value: v.value, weekday: weekday(v.day) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const out: FlaggedDay[] = [];
  for (const point of known) {
    if (point.day < rules.from || point.day > rules.to) continue;
    const s = scoreDay(known, point.day, point.value);
    if (!s) continue;
    const change = point.value - s.expected;
    if (rules.spike !== null && s.score >= rules.spike && change >= MIN_CHANGE[rules.metric]) {
      out.push({ day: point.day, direction: 'spike', observed: point.value, expected: s.expected, score: s.score });
    } else if (rules.drop !== null && point.day <= rules.lastCompleteDay && s.score <= -rules.drop && -change >= MIN_CHANGE[rules.metric]) {
      out.push({ day: point.day, direction: 'drop', observed: point.value, expected: s.expected, score: s.score });
    }
  }
  return out;
}

/** Days from a to b (b − a). */
export const dayGap = daysBetween;
