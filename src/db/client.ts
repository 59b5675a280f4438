/**
 * One database interface over two engines: a PostgreSQL server (pg pool) when
 * DATABASE_URL is set, the embedded PGlite otherwise. Same SQL, same
 * migrations; only this file knows which engine runs.
 */
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { Worker } from 'node:worker_threads';
import type { CopyRows } from './copy-rows.js';

export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A transaction: queries, and bulk loading with COPY. */
export interface Tx extends Queryable {
  /**
   * Loads rows with COPY in its binary format: `rows` holds their fields in
   * the order of `columns` (copy-rows.ts). Far cheaper per row than an INSERT
   * of unnested arrays; it cannot resolve conflicts, so the caller sends only
   * rows that cannot have any.
   */
  copyRows(table: string, columns: readonly string[], rows: CopyRows): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// bigint (int8) and numeric as JS numbers: every count we store is far below 2^53,
// and platform ids that are not are kept in text columns.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// `date` stays a 'YYYY-MM-DD' string: a Date would shift it by the process time zone.
pg.types.setTypeParser(1082, (v) => v);

const BINARY = 'WITH (FORMAT binary)';

function copyInto(table: string, columns: readonly string[]): string {
  return `COPY ${table} (${columns.join(', ')})`;
}

function copyData(columns: readonly string[], rows: CopyRows): Buffer {
  if (rows.fieldsPerRow !== columns.length) throw new Error(`COPY rows of ${rows.fieldsPerRow} fields into ${columns.length} columns`);
  return rows.bytes();
}

class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as T[];
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Tx = {
        query: async <R extends object>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
        copyRows: async (table, columns, rows) => {
          if (rows.count === 0) return;
          await pipeline(Readable.from([copyData(columns, rows)]), client.query(copyFromStdin(`${copyInto(table, columns)} FROM STDIN ${BINARY}`)));
        },
      };
      const value = await fn(tx);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** A PostgreSQL error from the PGlite thread, with the fields it had there (code, detail, constraint…). */
class PgliteError extends Error {
  constructor(data: { name: string; message: string } & Record<string, unknown>) {
    super(data.message);
    Object.assign(this, data);
  }
}

type Answer = { id: number; ok: true; rows: unknown[] } | { id: number; ok: false; error: { name: string; message: string } & Record<string, unknown> };

/**
 * PGlite on a thread of its own (pglite-worker.mjs): its SQL runs beside the
 * event loop instead of blocking it. Statements are sent as soon as they are
 * asked for and run there in that order; a transaction holds every other
 * statement back until it ends, as the one connection of PGlite always did.
 */
class PgliteDb implements Db {
  readonly engine = 'pglite' as const;
  private nextId = 1;
  /** Why the thread is gone (it exited or failed): every later call fails with it instead of waiting forever. */
  private gone: Error | null = null;
  private readonly waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: Answer) => {
      const w = this.waiting.get(answer.id);
      if (!w) return;
      this.waiting.delete(answer.id);
      // An idle thread must not keep the process alive (a script that never closes its database still ends).
      if (this.waiting.size === 0) worker.unref();
      if (answer.ok) w.resolve(answer.rows);
      else w.reject(new PgliteError(answer.error));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`the database is closed (the PGlite thread exited with code ${code})`)));
  }

  static async open(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<PgliteDb> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { options } });
    const db = new PgliteDb(worker);
    try {
      // The thread answers id 0 once PGlite is open (or could not be).
      await db.answer(0);
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return db;
  }

  private failAll(err: Error): void {
    this.gone ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private answer(id: number): Promise<unknown[]> {
    if (this.gone) return Promise.reject(this.gone);
    this.worker.ref();
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Sends `message` as `id` and waits for its answer. */
  private request(id: number, message: Record<string, unknown>): Promise<unknown[]> {
    const answered = this.answer(id);
    this.worker.postMessage({ ...message, id });
    return answered;
  }

  private send(message: Record<string, unknown>): Promise<unknown[]> {
    return this.request(this.nextId++, message);
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.send({ op: 'query', sql, params })) as T[];
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    // The transaction's statements name it by the id of its `begin`.
    const id = this.nextId++;
    await this.request(id, { op: 'begin' });
    const tx: Tx = {
      query: async <R extends object>(sql: string, params: unknown[] = []) => (await this.send({ op: 'tx', tx: id, sql, params })) as R[],
      // PGlite has no client stream: COPY reads the bytes handed with the statement as the file /dev/blob.
      copyRows: async (table, columns, rows) => {
        if (rows.count === 0) return;
        await this.send({ op: 'copy', tx: id, sql: `${copyInto(table, columns)} FROM '/dev/blob' ${BINARY}`, data: copyData(columns, rows) });
      },
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (err) {
      await this.send({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.send({ op: 'end', tx: id, commit: true });
    return value;
  }

  async close(): Promise<void> {
    await this.send({ op: 'close' });
    await this.worker.terminate();
  }
}

export interface DbOptions {
  databaseUrl: string | null;
  /** Where PGlite keeps its files; null keeps it in memory (tests). */
  pgliteDir: string | null;
  /** A PGlite data directory dump to start from (tests copy a migrated template). */
  pgliteTemplate?: Blob | File;
  /** Told when the server closes an idle pooled connection (logged; the pool recovers by itself). */
  onIdleError?: (err: Error) => void;
}

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server closes (a restart, an admin's terminate) is dropped from the pool
    // and replaced on the next query; without a listener the 'error' event would end the process.
    pool.on('error', (err) => options.onIdleError?.(err));
    await pool.query('SELECT 1');
    return new PostgresDb(pool);
  }
  // Owner-only: the database holds password hashes and encrypted tokens.
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true, mode: 0o700 });
  return PgliteDb.open({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
  });
}
