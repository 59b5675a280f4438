/**
 * Small validating readers for platform JSON. Responses enter as `unknown`
 * and leave as typed values or a `MalformedResponse` that names the path,
 * so a platform changing its shape fails loudly at the edge instead of
 * producing NaN downstream.
 */

export class MalformedResponse extends Error {
  constructor(readonly path: string, expected: string) {
    super(`malformed response: ${path} is not ${expected}`);
    this.name = 'MalformedResponse';
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) throw new MalformedResponse(path, 'an object');
  return value;
}

export function optRecord(value: unknown, path: string): JsonRecord | undefined {
  return value === undefined || value === null ? undefined : record(value, path);
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedResponse(path, 'an array');
  return value;
}

/** A missing array is an empty one (platforms omit empty lists, e.g. YouTube Analytics `rows`). */
export function optArray(value: unknown, path: string): unknown[] {
  return value === undefined || value === null ? [] : array(value, path);
}

export function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new MalformedResponse(path, 'a string');
  return value;
}

export function optStr(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, path);
}

export function bool(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new MalformedResponse(path, 'a boolean');
  return value;
}

/**
 * An identifier. Platforms send big ids as strings (beyond 2^53 they would lose
 * digits as JSON numbers); a number is accepted only while it is a safe integer.
 */
export function id(value: unknown, path: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new MalformedResponse(path, 'an id string');
}

/**
 * A count that may come as a JSON number or as a decimal string (Google
 * encodes 64-bit integers as strings). Missing stays missing: undefined, never 0.
 */
export function optCount(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  throw new MalformedResponse(path, 'a count');
}

export function count(value: unknown, path: string): number {
  const n = optCount(value, path);
  if (n === undefined) throw new MalformedResponse(path, 'a count');
  return n;
}

/** A timestamp string parseable by Date (ISO-8601, including Meta's "+0000" offsets). */
export function isoDate(value: unknown, path: string): Date {
  const text = str(value, path);
  // Meta writes "+0000"; Date.parse wants "+00:00".
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new MalformedResponse(path, 'a timestamp');
  return new Date(ms);
}
