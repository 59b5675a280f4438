/**
 * COPY's binary format (src/db/copy-rows.ts) read by the engine under test:
 * every value comes back as it was written, the awkward ones included, and a
 * row written wrong is refused before anything reaches the database.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { CopyRows } from '../src/db/copy-rows.js';
import { createTestDb, type TestDb } from './helpers/db.js';

let t: TestDb;
let db: Db;
const COLUMNS = ['id', 'label', 'at', 'x'] as const;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await db.query('CREATE TABLE copy_probe (id bigint PRIMARY KEY, label text NOT NULL, at timestamptz NOT NULL, x double precision NOT NULL)');
});
afterAll(async () => t.close());
beforeEach(async () => {
  await db.query('DELETE FROM copy_probe');
});

interface Probe {
  id: number;
  label: string;
  at: string;
  x: number;
}

// Instants as text the test reads back from the database in UTC, so no Date stands between the two sides.
const rows: Probe[] = [
  { id: 1, label: 'views', at: '2026-03-29T01:30:00.000Z', x: 0 },
  { id: -9_007_199_254_740_991, label: 'tab\there, newline\nthere, backslash \\ and \\N', at: '1999-12-31T23:59:59.999Z', x: 0.1 + 0.2 },
  { id: 9_007_199_254_740_991, label: 'émoji 🎬 « quoted "title" »', at: '2000-01-01T00:00:00.000Z', x: -1.5e-300 },
  { id: 4_294_967_296, label: '', at: '1970-01-01T00:00:00.001Z', x: 1.7976931348623157e308 },
  // Past 2^53 microseconds since 2000 (the year 2285): the encoder switches to BigInt.
  { id: 4_294_967_295, label: 'far', at: '9999-12-31T23:59:59.999Z', x: -123456789.125 },
  { id: -1, label: 'early', at: '1901-02-03T04:05:06.007Z', x: 5e-324 },
];

describe('COPY rows in the binary format', () => {
  it('stores every value exactly as written: 64-bit ids either side of 2^32, any text, instants before 1970 and after 2285, doubles to the last bit', async () => {
    await db.transaction(async (tx) => {
      const copy = new CopyRows(COLUMNS.length);
      for (const r of rows) copy.row().int8(r.id).text(r.label).timestamptz(Date.parse(r.at)).float8(r.x);
      expect(copy.count).toBe(rows.length);
      await tx.copyRows('copy_probe', COLUMNS, copy);
    });
    const stored = await db.query<Probe>(
      `SELECT id, label, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, x FROM copy_probe`,
    );
    const byId = (a: Probe, b: Probe) => a.id - b.id;
    // To the microsecond: a millisecond instant is stored with its microseconds zero.
    expect(stored.sort(byId)).toEqual([...rows].map((r) => ({ ...r, at: r.at.replace('Z', '000Z') })).sort(byId));
    // Bit for bit, not just equal: the text of each double as the database prints it, shortest round trip.
    const texts = await db.query<{ id: number; x: string }>('SELECT id, x::text AS x FROM copy_probe');
    for (const { id, x } of texts) expect(Number(x)).toBe(rows.find((r) => r.id === id)!.x);
  });

  it('stores calendar dates either side of 2000, booleans, and NULL in place of a double', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS copy_kinds (day date NOT NULL, flag boolean NOT NULL, x double precision)');
    const days = ['2000-01-01', '1999-12-31', '1970-01-01', '2024-02-29', '2026-12-31', '1901-06-15', '9999-12-31'];
    await db.transaction(async (tx) => {
      const copy = new CopyRows(3);
      days.forEach((day, i) => copy.row().date(day).bool(i % 2 === 0).float8(i % 3 === 0 ? null : i));
      await tx.copyRows('copy_kinds', ['day', 'flag', 'x'], copy);
    });
    const stored = await db.query<{ day: string; flag: boolean; x: number | null }>('SELECT day::text AS day, flag, x FROM copy_kinds');
    expect(stored.sort((a, b) => (a.day < b.day ? -1 : 1))).toEqual(
      days.map((day, i) => ({ day, flag: i % 2 === 0, x: i % 3 === 0 ? null : i })).sort((a, b) => (a.day < b.day ? -1 : 1)),
    );
    for (const wrong of ['2026-02-30', '2026-2-03', '2026-13-01', '']) {
      expect(() => new CopyRows(1).row().date(wrong)).toThrow(`"${wrong}" is not a calendar date YYYY-MM-DD`);
    }
  });

  it('sends nothing for no rows', async () => {
    await db.transaction((tx) => tx.copyRows('copy_probe', COLUMNS, new CopyRows(COLUMNS.length)));
    expect(await db.query('SELECT * FROM copy_probe')).toEqual([]);
  });

  it('refuses a row with too few or too many fields, and rows for another number of columns', async () => {
    expect(() => new CopyRows(2).row().int8(1).row()).toThrow('COPY row 1 has 1 of its 2 fields');
    expect(() => new CopyRows(2).row().int8(1).bytes()).toThrow('COPY row 1 has 1 of its 2 fields');
    expect(() => new CopyRows(1).row().int8(1).int8(2)).toThrow('COPY row 1 has more than its 1 fields');
    const err = await db
      .transaction((tx) => tx.copyRows('copy_probe', COLUMNS, new CopyRows(2).row().int8(1).text('a')))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'COPY rows of 2 fields into 4 columns' });
    expect(await db.query('SELECT * FROM copy_probe')).toEqual([]);
  });

  it('refuses values its column type cannot hold exactly', () => {
    const field = () => new CopyRows(1).row();
    expect(() => field().float8(Number.NaN)).toThrow(RangeError);
    expect(() => field().float8(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => field().int8(1.5)).toThrow(RangeError);
    expect(() => field().int8(2 ** 53)).toThrow(RangeError);
    expect(() => field().timestamptz(Number.NaN)).toThrow(RangeError);
    expect(() => field().timestamptz(0.5)).toThrow(RangeError);
  });

  it('grows at any point of a row: texts of every length from 0 to 300 bytes, before and after fixed-size fields', async () => {
    const labels = Array.from({ length: 6_000 }, (_, i) => 'é'.repeat((i * 7) % 151));
    await db.transaction(async (tx) => {
      const copy = new CopyRows(COLUMNS.length);
      labels.forEach((label, i) => copy.row().int8(i).text(label).timestamptz(Date.UTC(2026, 0, 1) + i).float8(i));
      await tx.copyRows('copy_probe', COLUMNS, copy);
    });
    const stored = await db.query<{ id: number; label: string }>('SELECT id, label FROM copy_probe ORDER BY id');
    expect(stored).toEqual(labels.map((label, i) => ({ id: i, label })));
  });

  it('grows when a text ends just short of the end of its buffer, with fields of the row still to come', () => {
    // The first buffer holds 64 KiB; these texts end anywhere from 160 bytes before its end to 40 after.
    // Header 19 bytes; a row: field count 2, id 4 + 8, the text 4 + its length, instant 4 + 8, double 4 + 8.
    for (let length = 65_340; length <= 65_540; length += 1) {
      const copy = new CopyRows(COLUMNS.length).row().int8(1).text('x'.repeat(length)).timestamptz(0).float8(1);
      expect(copy.bytes().length).toBe(19 + 42 + length + 2);
    }
  });

  it('grows past its first buffer: 100,000 rows of long labels arrive whole', async () => {
    const label = 'x'.repeat(200);
    await db.transaction(async (tx) => {
      const copy = new CopyRows(COLUMNS.length);
      for (let i = 0; i < 100_000; i += 1) copy.row().int8(i).text(label).timestamptz(Date.UTC(2026, 0, 1) + i).float8(i / 4);
      await tx.copyRows('copy_probe', COLUMNS, copy);
    });
    const [sums] = await db.query<{ n: number; ids: number; xs: number; len: number; last: string }>(
      `SELECT count(*)::int AS n, sum(id)::float8 AS ids, sum(x) AS xs, sum(length(label))::float8 AS len,
              to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last FROM copy_probe`,
    );
    expect(sums).toEqual({ n: 100_000, ids: (99_999 * 100_000) / 2, xs: (99_999 * 100_000) / 8, len: 200 * 100_000, last: '2026-01-01T00:01:39.999Z' });
  });
});
