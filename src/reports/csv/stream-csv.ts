/**
 * Rows in, CSV bytes out, in constant memory: the bulk export pipes a database
 * cursor through this. Rows are pulled from the source only as fast as the
 * consumer reads (Readable.from + pipeline honour backpressure), and when the
 * consumer goes away (client disconnect) the source iterator is closed, which
 * lets a cursor release its connection.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ValueType } from '../types.js';
import { coalesce } from '../coalesce.js';
import { toCsvCell, type CsvCellOptions } from './csv-cell.js';
import { EXPORT_CSV_DEFAULTS, stringifierSettings, type CsvOptions } from './csv-options.js';

export interface CsvColumn {
  /** Property of the row object. */
  key: string;
  /** Header text; defaults to the key. */
  header?: string;
  type: ValueType;
}

export function streamCsv(
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  columns: readonly CsvColumn[],
  options: CsvOptions = {},
): Readable {
  const settings = { ...EXPORT_CSV_DEFAULTS, ...options };
  const source = Readable.from(csvRecords(rows, columns, settings), { objectMode: true, highWaterMark: 256 });
  const stringifier = stringify(stringifierSettings(settings));
  // csv-stringify emits one chunk per record; the socket gets ~64 KB pieces.
  const out = coalesce();
  // pipeline, not pipe: an error anywhere destroys every stage, so a failing
  // cursor ends the response with an error instead of a silently short file,
  // and a consumer that goes away closes the source.
  pipeline(source, stringifier, out, () => undefined);
  return out;
}

async function* csvRecords(
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  columns: readonly CsvColumn[],
  options: CsvCellOptions,
): AsyncGenerator<string[]> {
  yield columns.map((c) => c.header ?? c.key);
  for await (const row of rows) {
    yield columns.map((c) => toCsvCell(row[c.key], c.type, options));
  }
}
