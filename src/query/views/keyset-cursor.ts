/**
 * The opaque cursor of keyset-paginated listings: the sort it belongs to, the
 * last row's sort value and id. A cursor of another sort (or listing) is a
 * 400 on `cursor`, never a silently wrong page.
 */
import type { Cursor } from '../../db/repositories/content.js';
import { ValidationError } from '../../errors.js';

/** A keyset cursor: the sort it belongs to, the last row's sort value and id. */
export function encodeCursor(c: Cursor, sort: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: c.value, i: c.id })).toString('base64url');
}

export function decodeCursor(raw: string, sort: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null && 's' in parsed && 'v' in parsed && 'i' in parsed) {
    const { s, v, i } = parsed;
    const value = v === null || typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))) ? v : undefined;
    if (s === sort && value !== undefined && typeof i === 'number' && Number.isSafeInteger(i)) return { value, id: i };
  }
  throw new ValidationError('cursor', 'is not a cursor from this listing (it must come from next_cursor of the same sort)');
}
