/**
 * How values read on paper. One fixed locale (en-US digits and separators) so a
 * report looks the same whichever server renders it; dates stay ISO because a
 * report crosses borders (01/02 means two different days in the US and the EU).
 *
 * Missing values: a value is "—" and a change is "n/a". Nothing is ever
 * replaced by 0.
 */
import type { Kpi, NumericValueType, ValueType } from './types.js';

export const MISSING_VALUE = '—';
export const MISSING_CHANGE = 'n/a';
/** Typographic minus: a hyphen is easily lost next to a number. */
const MINUS = '−';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const changeFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatNumber(value: number | null, type: NumericValueType): string {
  if (value === null || !Number.isFinite(value)) return MISSING_VALUE;
  const sign = value < 0 ? MINUS : '';
  const abs = Math.abs(value);
  if (type === 'int') return sign + intFormat.format(abs);
  if (type === 'percent') return `${sign}${percentFormat.format(abs)}%`;
  return sign + decimalFormat.format(abs);
}

/** A table or KPI cell of any declared type. */
export function formatCell(value: string | number | null | undefined, type: ValueType): string {
  if (value === null || value === undefined || value === '') return MISSING_VALUE;
  if (typeof value === 'number') return type === 'text' ? String(value) : formatNumber(value, asNumeric(type));
  if (type === 'datetime') return formatTimestamp(value);
  return value;
}

/** "2025-03-01 14:05 UTC": minutes are enough on paper and UTC avoids a second zone. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatRange(range: { start: string; end: string }): string {
  return `${range.start} – ${range.end}`;
}

/**
 * The change against the previous period, as the caller computed it:
 * relative change for counts ("+12.5%"), percentage points for rates
 * ("−0.4 pp"), "n/a" when there is nothing to compare with.
 */
export function formatChange(kpi: Pick<Kpi, 'value_type' | 'change' | 'change_pct'>): string {
  if (kpi.value_type === 'percent') {
    return kpi.change === null ? MISSING_CHANGE : `${signed(kpi.change, changeFormat)} pp`;
  }
  return kpi.change_pct === null ? MISSING_CHANGE : `${signed(kpi.change_pct, changeFormat)}%`;
}

/** −1, 0 or +1: which way the change went, for colouring; 0 when unknown. */
export function changeDirection(kpi: Pick<Kpi, 'change' | 'change_pct'>): -1 | 0 | 1 {
  const delta = kpi.change ?? kpi.change_pct;
  if (delta === null || delta === 0) return 0;
  return delta > 0 ? 1 : -1;
}

function signed(value: number, format: Intl.NumberFormat): string {
  const text = format.format(Math.abs(value));
  if (Number(text) === 0 || text === format.format(0)) return `±${text}`;
  return (value < 0 ? MINUS : '+') + text;
}

function asNumeric(type: ValueType): NumericValueType {
  return type === 'int' || type === 'percent' ? type : 'decimal';
}
