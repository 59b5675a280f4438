/**
 * What the TikTok Studio exports share: dates without a year (resolved by
 * import/years.ts), Spanish headers next to the English ones (seen in
 * third-party fixtures; unverified against TikTok itself), and the day files'
 * common `Date` column.
 */
import { isRealDay, dayString } from '../dates.js';
import { CellError } from '../errors.js';
import { seriesYears } from '../years.js';
import { readMonthDay } from './read.js';
import { eachRow, type Columns, type DataRow, type ImportContext, type ImportTable } from './types.js';

export const DATE = ['Date', 'Fecha'] as const;

/**
 * The calendar day of every data row of a daily file, years resolved over the
 * whole series (a file may run from December into January).
 */
export function seriesDays<K extends string>(table: ImportTable, c: Columns<K | 'date'>, ctx: ImportContext): Map<DataRow, string> {
  const parsed: { row: DataRow; year: number | null; month: number; day: number }[] = [];
  eachRow(table, (row) => parsed.push({ row, ...readMonthDay(c.cell(row, 'date'), c.name('date')) }));
  const explicit = parsed.filter((p) => p.year !== null);
  // Dates that carry a year are taken as they are; year-less ones are inferred as a series.
  const years = explicit.length === parsed.length ? parsed.map((p) => p.year!) : seriesYears(parsed, { year: ctx.year, today: ctx.today });
  const days = new Map<DataRow, string>();
  const index = new Map(parsed.map((p, i) => [p.row, i]));
  eachRow(table, (row) => {
    const i = index.get(row)!;
    const p = parsed[i]!;
    const year = p.year ?? years[i]!;
    if (!isRealDay(year, p.month, p.day)) throw new CellError(c.name('date'), `${p.month}/${p.day} does not exist in ${year}; give the export's year in the "year" field`);
    days.set(row, dayString(year, p.month, p.day));
  });
  return days;
}
