/**
 * TikTok Studio writes dates without a year ("August 31"). The year is
 * inferred, or taken from the `year` the uploader gives:
 *  - a daily file (one row per day, in date order, either direction): with
 *    `year`, that is the year of the earliest row; without it, the latest row
 *    is put in the most recent year that does not place it after the upload
 *    day. Going through the rows in date order, a month/day that goes
 *    backwards starts the next year (a file from December into January).
 *  - single dates (a video's post time): with `year`, that year; without it,
 *    the most recent year that does not place the date after the upload day.
 */
import { isRealDay } from './dates.js';

export interface MonthDay {
  month: number;
  day: number;
}

const key = (d: MonthDay): number => d.month * 100 + d.day;

/** The most recent year in which month/day is not after `today` (YYYY-MM-DD). */
export function latestYearNotAfter(d: MonthDay, today: string): number {
  const [y, m, day] = today.split('-').map(Number) as [number, number, number];
  let year = key(d) <= m * 100 + day ? y : y - 1;
  // 29 February: back to the last leap year.
  while (!isRealDay(year, d.month, d.day) && year > y - 8) year -= 1;
  return year;
}

/** Years for a daily series given in file order. */
export function seriesYears(dates: MonthDay[], options: { year: number | null; today: string }): number[] {
  if (dates.length === 0) return [];
  let up = 0;
  let down = 0;
  for (let i = 1; i < dates.length; i++) {
    const a = key(dates[i - 1]!);
    const b = key(dates[i]!);
    if (b > a) up += 1;
    else if (b < a) down += 1;
  }
  const descending = down > up;
  // Walk in chronological order; a step backwards in month/day is a new year.
  const order = dates.map((_, i) => i);
  if (descending) order.reverse();
  const offsets = new Array<number>(dates.length).fill(0);
  let offset = 0;
  for (let k = 1; k < order.length; k++) {
    if (key(dates[order[k]!]!) < key(dates[order[k - 1]!]!)) offset += 1;
    offsets[order[k]!] = offset;
  }
  const last = order[order.length - 1]!;
  const base = options.year !== null ? options.year : latestYearNotAfter(dates[last]!, options.today) - offsets[last]!;
  return offsets.map((o) => base + o);
}
