/**
 * The one database interface (src/db/client.ts) on the engine under test:
 * errors keep PostgreSQL's fields, a transaction commits or leaves nothing,
 * COPY is part of its transaction. On PGlite, which runs on a thread of its
 * own, also: statements run in the order they were asked for, a transaction
 * holds the others back, and an open database does not keep a process alive.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { CopyRows } from '../src/db/copy-rows.js';
import { createTestDb, testEngine, type TestDb } from './helpers/db.js';

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await db.query('CREATE TABLE client_probe (id bigint PRIMARY KEY, label text NOT NULL, at timestamptz, n bigint, d date, doc jsonb)');
});
afterAll(async () => t.close());

const ids = async () => (await db.query<{ id: number }>('SELECT id FROM client_probe ORDER BY id')).map((r) => r.id);

describe('the database client', () => {
  it('returns values as the app reads them: bigint as a number, date as its text, timestamptz as a Date, jsonb parsed', async () => {
    await db.query('INSERT INTO client_probe VALUES (1, $1, $2, $3, $4, $5)', ['one', new Date('2026-03-04T05:06:07.089Z'), 9_007_199_254_740_991, '2026-03-04', { a: [1, 'b'] }]);
    const [row] = await db.query('SELECT * FROM client_probe WHERE id = 1');
    expect(row).toEqual({ id: 1, label: 'one', at: new Date('2026-03-04T05:06:07.089Z'), n: 9_007_199_254_740_991, d: '2026-03-04', doc: { a: [1, 'b'] } });
    await db.query('DELETE FROM client_probe');
  });

  it("keeps a failed statement's PostgreSQL fields (code, constraint, detail) and goes on answering", async () => {
    await db.query("INSERT INTO client_probe (id, label) VALUES (1, 'a')");
    const err = await db.query("INSERT INTO client_probe (id, label) VALUES (1, 'b')").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 'client_probe_pkey', detail: expect.stringContaining('(id)=(1)') });
    expect((err as Error).message).toMatch(/duplicate key/);
    const syntax = await db.query('SELEC 1').catch((e: unknown) => e);
    expect(syntax).toMatchObject({ code: '42601' });
    expect(await ids()).toEqual([1]);
    await db.query('DELETE FROM client_probe');
  });

  it('commits a transaction whole, COPY included, and returns what its function returned', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO client_probe (id, label) VALUES (1, 'a')");
      await tx.copyRows('client_probe', ['id', 'label'], new CopyRows(2).row().int8(2).text('b').row().int8(3).text('c'));
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM client_probe'))[0]!.n;
    });
    expect(value).toBe(3);
    expect(await ids()).toEqual([1, 2, 3]);
    await db.query('DELETE FROM client_probe');
  });

  it('leaves nothing of a transaction whose function throws, COPY included, and passes its error on', async () => {
    const thrown = new Error('changed my mind');
    const err = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO client_probe (id, label) VALUES (1, 'a')");
        await tx.copyRows('client_probe', ['id', 'label'], new CopyRows(2).row().int8(2).text('b'));
        throw thrown;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(thrown);
    expect(await ids()).toEqual([]);
  });

  it('hands a failed statement inside a transaction to its function, and rolls back what came before', async () => {
    const err = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO client_probe (id, label) VALUES (1, 'a')");
        await tx.query("INSERT INTO client_probe (id, label) VALUES (1, 'again')");
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505' });
    expect(await ids()).toEqual([]);
    // The database answers after it.
    await db.transaction(async (tx) => tx.query("INSERT INTO client_probe (id, label) VALUES (5, 'e')"));
    expect(await ids()).toEqual([5]);
    await db.query('DELETE FROM client_probe');
  });

  it.runIf(testEngine === 'pglite')('on PGlite: statements asked for at once run in that order, and one asked for during a transaction waits for its end', async () => {
    let during: Promise<number[]> | null = null;
    // Sent without waiting, an insert and a count by turns: each count sees the inserts sent before it, and only those.
    const counts: Promise<{ n: number }[]>[] = [];
    for (let i = 1; i <= 20; i++) {
      void db.query('INSERT INTO client_probe (id, label) VALUES ($1, $2)', [i, `n${i}`]);
      counts.push(db.query<{ n: number }>('SELECT count(*)::int AS n FROM client_probe'));
    }
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO client_probe (id, label) VALUES (100, 'in the transaction')");
      during = ids();
      // Still running: it waits for the transaction, which it then sees committed.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.query("INSERT INTO client_probe (id, label) VALUES (101, 'also')");
    });
    expect((await Promise.all(counts)).map((r) => r[0]!.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await during).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 100, 101]);
    await db.query('DELETE FROM client_probe');
  });

  it.runIf(testEngine === 'pglite')('on PGlite: an open database does not keep a process alive, and a closed one refuses statements', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/unclosed-db-child.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out.trim()).toBe('answer 42');
    expect(code).toBe(0);

    const other = await createTestDb();
    await other.close();
    await expect(other.db.query('SELECT 1')).rejects.toThrow(/database is closed/);
  }, 60_000);
});
