/**
 * The bulk export as bytes: the cursor's rows through streamCsv, or as one
 * JSON array written piece by piece. Both pull rows only as fast as the
 * response drains (Readable.from over an async generator).
 */
import { Readable } from 'node:stream';
import type { DayExportRow, ExportGranularity, RawExportRow } from '../db/repositories/bulk-export.js';
import { COALESCE_BYTES } from './coalesce.js';
import { streamCsv, type CsvColumn } from './csv/stream-csv.js';

export const EXPORT_COLUMNS: Record<ExportGranularity, CsvColumn[]> = {
  raw: [
    { key: 'platform', type: 'text' },
    { key: 'platform_post_id', type: 'text' },
    { key: 'post_id', type: 'uuid' },
    { key: 'metric', type: 'text' },
    { key: 'observed_at', type: 'datetime' },
    { key: 'value', type: 'decimal' },
    { key: 'source', type: 'text' },
  ],
  day: [
    { key: 'day', type: 'date' },
    { key: 'platform', type: 'text' },
    { key: 'platform_post_id', type: 'text' },
    { key: 'post_id', type: 'uuid' },
    { key: 'views', type: 'decimal' },
    { key: 'likes', type: 'decimal' },
    { key: 'shares', type: 'decimal' },
    { key: 'comments', type: 'decimal' },
    { key: 'saves', type: 'decimal' },
    { key: 'clicks', type: 'decimal' },
    { key: 'impressions', type: 'decimal' },
    { key: 'watch_time_minutes', type: 'decimal' },
    { key: 'estimated', type: 'text' },
  ],
};

type Row = RawExportRow | DayExportRow;

export function exportCsv(rows: AsyncIterable<Row>, g: ExportGranularity): Readable {
  return streamCsv(rows as AsyncIterable<Record<string, unknown>>, EXPORT_COLUMNS[g]);
}

/**
 * Pieces of about this many characters go to the socket at a time. JSON builds
 * them in the generator itself rather than through coalesce() (which the CSV
 * path needs, since csv-stringify emits a chunk per record): a chunk per row
 * through a Transform encoded 200,000 rows in ~0.4 s against ~0.2 s this way.
 */
const JSON_CHUNK = COALESCE_BYTES;

async function* jsonArray(rows: AsyncIterable<Row>): AsyncGenerator<string> {
  let buffer = '[';
  let first = true;
  for await (const row of rows) {
    buffer += (first ? '\n' : ',\n') + JSON.stringify(row);
    first = false;
    if (buffer.length >= JSON_CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n]\n`;
}

export function exportJson(rows: AsyncIterable<Row>): Readable {
  return Readable.from(jsonArray(rows), { objectMode: false });
}
