/** Cell readers shared by the format modules; each throws a CellError naming the column. */
import { startOfDayInZone, addDays } from '../../platforms/time.js';
import { text } from '../cells.js';
import { dayString, instantOf, parseCalendar, type CalendarValue } from '../dates.js';
import { CellError } from '../errors.js';
import { latestYearNotAfter } from '../years.js';
import type { ImportContext } from './types.js';

function calendar(cell: string | undefined, column: string): CalendarValue {
  const value = text(cell);
  if (value === undefined) throw new CellError(column, 'is empty; a date is required');
  const v = parseCalendar(value);
  if (!v) throw new CellError(column, `"${value}" is not a date this import can read`);
  return v;
}

/** A publish time: an instant when the cell has a zone, else wall-clock time in the uploader's zone. */
export function readInstant(cell: string | undefined, column: string, ctx: ImportContext): Date {
  const v = calendar(cell, column);
  const year = v.year ?? ctx.year ?? latestYearNotAfter(v, ctx.today);
  return instantOf({ ...v, year }, ctx.timezone);
}

/** True when the cell carries a time of day (else a publish time is only a day). */
export function hasTime(cell: string | undefined): boolean {
  const v = text(cell);
  return v !== undefined && parseCalendar(v)?.time != null;
}

/** A calendar day with its year (YYYY-MM-DD). */
export function readDay(cell: string | undefined, column: string): string {
  const v = calendar(cell, column);
  if (v.year === null) throw new CellError(column, `"${text(cell)}" has no year`);
  return dayString(v.year, v.month, v.day);
}

/** A calendar day that may lack its year (TikTok); the year is resolved by the caller. */
export function readMonthDay(cell: string | undefined, column: string): { year: number | null; month: number; day: number } {
  const v = calendar(cell, column);
  return { year: v.year, month: v.month, day: v.day };
}

/**
 * The instant a per-day gauge ("followers at the end of the day") is put at:
 * the last second of the day in the uploader's zone, but never after the
 * upload itself (the export's last day may be today).
 */
export function endOfDay(day: string, ctx: ImportContext): Date {
  const end = new Date(startOfDayInZone(addDays(day, 1), ctx.timezone).getTime() - 1000);
  return end > ctx.observedAt ? ctx.observedAt : end;
}
