/**
 * Reading one cell. Missing is not zero: an empty cell, `undefined` (TikTok
 * writes that string), `-`, `--` or `N/A` is absent, never 0. Counts go
 * through the connectors' own count reader (platforms/json.ts) after the
 * thousands separators the exports put inside quoted numbers ("12,400") are
 * removed.
 */
import { MalformedResponse, optCount } from '../platforms/json.js';
import { CellError } from './errors.js';

const ABSENT = new Set(['', 'undefined', 'null', 'nan', '-', '--', '—', 'n/a', 'na']);

export function isAbsent(cell: string | undefined): boolean {
  return cell === undefined || ABSENT.has(cell.trim().toLowerCase());
}

/** Cell text, or undefined when absent. */
export function text(cell: string | undefined): string | undefined {
  return isAbsent(cell) ? undefined : cell!.trim();
}

const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number (count or amount); undefined when absent; a CellError when it is not a number. */
export function number(cell: string | undefined, column: string): number | undefined {
  if (isAbsent(cell)) return undefined;
  let value = cell!.trim().replace(/[\u00a0\u202f ]/g, '');
  if (GROUPED.test(value)) value = value.replace(/,/g, '');
  try {
    return optCount(value, column);
  } catch (err) {
    if (err instanceof MalformedResponse) throw new CellError(column, `"${cell!.trim()}" is not a number`);
    throw err;
  }
}

/** A count: a number that is a whole number ≥ 0. */
export function count(cell: string | undefined, column: string): number | undefined {
  const n = number(cell, column);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new CellError(column, `"${cell!.trim()}" is not a count (a whole number ≥ 0)`);
  return n;
}

/**
 * A numeric platform id (X, TikTok, Instagram), kept as the exact string: ids
 * go beyond 2^53 and must never pass through Number. A spreadsheet that
 * rounded it to "1.23457E+18" is caught here instead of creating a wrong post.
 */
export function numericId(cell: string | undefined, column: string): string {
  const value = text(cell)?.replace(/^'/, '');
  if (value === undefined) throw new CellError(column, 'is empty; every row needs an id');
  if (/^\d+(\.\d+)?E\+?\d+$/i.test(value)) throw new CellError(column, `"${value}" was rounded by a spreadsheet (scientific notation); export the file again without opening it in a spreadsheet`);
  if (!/^\d{1,30}$/.test(value)) throw new CellError(column, `"${value}" is not a numeric id`);
  return value;
}
