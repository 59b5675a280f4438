/** Rows packed into one text cell come back exactly as the driver returns them as rows: numbers to the last bit, NULLs, booleans, words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedRowsSql, unpackRows, type PackedColumn } from '../src/db/packed-rows.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const COLUMNS: readonly PackedColumn[] = [
  { name: 'n', kind: 'number' },
  { name: 'day', kind: 'word', sql: 'day::text' },
  { name: 'platform', kind: 'word' },
  { name: 'value', kind: 'number' },
  { name: 'flag', kind: 'boolean' },
  { name: 'count', kind: 'number' },
];

// Values chosen to break a lossy encoding: a sum that is not its decimal literal, tiny and huge magnitudes, negative zero's sign aside.
const SOURCE = `(VALUES
  (1, '2026-01-01'::date, 'youtube', (0.1::float8 + 0.2::float8), true, 3::int),
  (2, '2026-01-02'::date, 'tiktok', NULL::float8, false, 0),
  (3, '2026-01-03'::date, 'instagram', 1e21::float8, NULL::boolean, NULL::int),
  (4, '2026-01-04'::date, 'twitter', -123456789.123456789::float8, true, -7),
  (5, '2026-01-05'::date, 'youtube', 5e-324::float8, false, 2147483647),
  (6, '2026-01-06'::date, 'youtube', (1::float8 / 3), true, 1)
) AS v(n, day, platform, value, flag, count)`;

describe('packed rows', () => {
  it('equal the rows the driver returns for the same query', async () => {
    const plain = await t.db.query<Record<string, unknown>>(`SELECT n::float8 AS n, day::text AS day, platform, value, flag, count::float8 AS count FROM ${SOURCE} ORDER BY n`);
    const [packed] = await t.db.query<{ rows: string | null }>(`SELECT ${packedRowsSql(COLUMNS, 'n')} AS rows FROM ${SOURCE}`);
    const rows = unpackRows<Record<string, unknown>>(packed!.rows, COLUMNS);
    expect(rows).toStrictEqual(plain);
    expect(rows[0]!.value).toBe(0.1 + 0.2);
    expect(rows[5]!.value).toBe(1 / 3);
    expect(rows[2]).toMatchObject({ value: 1e21, flag: null, count: null });
  });

  it('are none when the query has no rows', async () => {
    const [packed] = await t.db.query<{ rows: string | null }>(`SELECT ${packedRowsSql(COLUMNS, 'n')} AS rows FROM ${SOURCE} WHERE false`);
    expect(packed!.rows).toBeNull();
    expect(unpackRows(packed!.rows, COLUMNS)).toEqual([]);
  });
});
