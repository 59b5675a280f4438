import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/reports/coalesce.js';

async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c as Buffer);
  return out;
}

describe('coalesce', () => {
  it('joins small chunks into pieces of at least the given size, bytes unchanged and in order', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `row ${i},"é",${i * 3}\n`);
    const pieces = await chunksOf(Readable.from(rows.map((r) => Buffer.from(r))).pipe(coalesce(4096)));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(rows.join(''));
    // Every piece but the last reached the size; the last holds the remainder.
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(4096);
    expect(pieces.at(-1)!.length).toBeGreaterThan(0);
    expect(pieces.length).toBeLessThan(rows.length / 100);
  });

  it('passes nothing on for an empty stream', async () => {
    expect(await chunksOf(Readable.from([]).pipe(coalesce()))).toEqual([]);
  });
});
