/**
 * One value -> one CSV field, the same way in every Pulseboard CSV:
 *  - null / undefined -> empty field (missing is not zero, and not the text "null");
 *  - numbers as plain digits: no thousands separators, "." as decimal point,
 *    percent columns hold the percent number (4.56 means 4.56 %);
 *  - date -> YYYY-MM-DD; datetime -> ISO 8601 in UTC (2024-03-01T14:30:00.000Z);
 *  - uuid (a public id) as is;
 *  - text as is, except that a leading = + - @ TAB or CR gets a ' in front when
 *    escapeFormulas is on: post titles come from strangers, and a spreadsheet
 *    would otherwise run "=HYPERLINK(...)" as a formula (OWASP "CSV injection").
 * Quoting is left to csv-stringify.
 */
import type { ValueType } from '../types.js';

export interface CsvCellOptions {
  escapeFormulas: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsvCell(value: unknown, type: ValueType, options: CsvCellOptions): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'int':
    case 'decimal':
    case 'percent':
      return numberField(value);
    case 'date':
      return dateField(value);
    case 'datetime':
      return timestampField(value);
    case 'text':
      return textField(value, options);
    case 'uuid':
      return uuidField(value);
  }
}

function numberField(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return value.toString();
  // Drivers return NUMERIC / BIGINT as strings to keep precision; pass digits through untouched.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
  throw new TypeError(`not a number: ${String(value)}`);
}

function dateField(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  throw new TypeError(`not a YYYY-MM-DD date: ${String(value)}`);
}

function timestampField(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/** Hex digits and dashes only, so it needs no formula guard; anything else is a bug upstream. */
function uuidField(value: unknown): string {
  if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return value;
  throw new TypeError(`not a UUID: ${String(value)}`);
}

function textField(value: unknown, options: CsvCellOptions): string {
  const text = typeof value === 'string' ? value : String(value);
  return options.escapeFormulas && FORMULA_START.test(text) ? `'${text}` : text;
}
