import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { streamCsv, type CsvColumn } from '../../src/reports/csv/stream-csv.js';

const COLUMNS: CsvColumn[] = [
  { key: 'observed_at', type: 'datetime' },
  { key: 'platform', type: 'text' },
  { key: 'metric', type: 'text' },
  { key: 'value', type: 'int' },
];

describe('streaming CSV', () => {
  it('streams 200,000 rows from an async source without reading ahead of the consumer', async () => {
    const total = 200_000;
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    async function* cursor() {
      for (let i = 0; i < total; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        yield { observed_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000), platform: 'youtube', metric: 'views', value: i % 7 === 0 ? null : i };
      }
    }
    const parser = streamCsv(cursor(), COLUMNS).pipe(parse({ columns: true }));
    let nulls = 0;
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (consumed === 1) expect(record).toEqual({ observed_at: '2024-01-01T00:01:00.000Z', platform: 'youtube', metric: 'views', value: '1' });
      if (record.value === '') nulls++;
      consumed++;
    }
    expect(consumed).toBe(total);
    expect(nulls).toBe(Math.ceil(total / 7));
    // With backpressure the source stays a few buffers ahead; without it, it would run to the end.
    console.log(`source ran at most ${maxAhead} rows ahead of the consumer`);
    expect(maxAhead).toBeLessThan(20_000);
  });

  it('writes the header from the columns and no BOM by default', async () => {
    const chunks: string[] = [];
    for await (const chunk of streamCsv([{ platform: 'x, "y"', value: 3 }], [{ key: 'platform', type: 'text' }, { key: 'value', header: 'Value', type: 'int' }])) {
      chunks.push(String(chunk));
    }
    const text = chunks.join('');
    expect(text).toBe('platform,Value\r\n"x, ""y""",3\r\n');
    expect(parseSync(text)).toEqual([['platform', 'Value'], ['x, "y"', '3']]);
  });

  it('ends with an error, not a short file, when the source fails', async () => {
    async function* failing() {
      yield { platform: 'youtube', value: 1 };
      throw new Error('cursor lost');
    }
    const read = async () => {
      for await (const chunk of streamCsv(failing(), COLUMNS)) void chunk;
    };
    await expect(read()).rejects.toThrow('cursor lost');
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield { platform: 'tiktok', value: i };
      } finally {
        closed = true;
      }
    }
    const stream = streamCsv(endless(), COLUMNS);
    for await (const chunk of stream) {
      void chunk;
      break; // leaving the loop destroys the stream, as a client disconnect would
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });
});
