/**
 * Compact number formatting for axes and tooltips ("12.5k", "3.1M", "4.5%").
 * Kept free of locale state so server-rendered and browser-rendered charts
 * show the same labels.
 */
import type { ChartValueType } from './types.js';

const UNITS: readonly [number, string][] = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of UNITS) {
    if (abs >= size) return `${trimZeros((value / size).toFixed(1))}${suffix}`;
  }
  return trimZeros(value.toFixed(abs >= 100 || Number.isInteger(value) ? 0 : 1));
}

export function formatAxisValue(value: number, type: ChartValueType = 'int'): string {
  return type === 'percent' ? `${trimZeros(value.toFixed(1))}%` : formatCompact(value);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
