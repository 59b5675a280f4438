/** Small helpers: quantiles, sliding-window peaks, formatting. */
import type { Take } from './harness.js';

export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: number[]): { n: number; min: number | null; median: number | null; mean: number | null; max: number | null } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, min: s[0] ?? null, median: quantile(s, 0.5), mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null, max: s[s.length - 1] ?? null };
}

/** Highest sum of costs within any window of `ms` (entries sorted by time). */
export function slidingPeak(entries: Take[], ms: number): number {
  let peak = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < entries.length; hi++) {
    sum += entries[hi]!.cost;
    while (entries[lo]!.at <= entries[hi]!.at - ms) sum -= entries[lo++]!.cost;
    peak = Math.max(peak, sum);
  }
  return peak;
}

export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

export const r1 = (n: number | null | undefined): number | null => (n === null || n === undefined ? null : Math.round(n * 10) / 10);
export const r2 = (n: number | null | undefined): number | null => (n === null || n === undefined ? null : Math.round(n * 100) / 100);

/** A plain-text table: header row, then rows; numbers right-aligned. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? fmtNum(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[], isHeader: boolean) =>
    r
      .map((c, i) => {
        const text = String(c ?? '');
        const numeric = !isHeader && typeof rows[0]?.[i] === 'number';
        return numeric ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [line(cells[0]!, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r, false))].join('\n');
}

export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2 });
}
