/**
 * Fields in the text format of COPY … FROM (Tx.copyRows): a row is its
 * fields joined by tabs, ended by a newline. A backslash, tab, newline or
 * carriage return inside a field is written as its backslash escape, so no
 * text can end a field or a row early. (`\N` would be NULL; no field written
 * here is ever NULL.)
 */
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value: string | number): string {
  if (typeof value === 'number') {
    // The shortest text that reads back as the same double: what the driver sends for a parameter.
    if (!Number.isFinite(value)) throw new RangeError(`COPY field: ${value} is not a finite number`);
    return String(value);
  }
  return value.replace(SPECIAL, (c) => ESCAPES[c]!);
}
