/** What the YouTube Studio exports share. */
import { number, text } from '../cells.js';
import { CellError } from '../errors.js';

/** The `Total` row Studio puts near the top. */
export function isTotalRow(first: string | undefined): boolean {
  return text(first)?.toLowerCase() === 'total';
}

/** A YouTube video id as the `Content` column writes it. */
export function videoId(cell: string | undefined, column: string): string {
  const v = text(cell);
  if (v === undefined || !/^[A-Za-z0-9_-]{6,64}$/.test(v)) throw new CellError(column, `"${v ?? ''}" is not a YouTube video id`);
  return v;
}

/** Duration in seconds, written as seconds ("184") or as H:MM:SS / M:SS. */
export function durationSeconds(cell: string | undefined, column: string): number | undefined {
  const v = text(cell);
  if (v === undefined) return undefined;
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(v);
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return number(v, column);
}
