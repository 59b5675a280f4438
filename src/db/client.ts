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
import { PGlite } from '@electric-sql/pglite';

export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A transaction: queries, and bulk loading with COPY. */
export interface Tx extends Queryable {
  /**
   * Loads rows with COPY in its text format: `text` holds one line per row,
   * columns separated by tabs, in the order of `columns` (copy-text.ts writes
   * it). Far cheaper per row than an INSERT of unnested arrays; it cannot
   * resolve conflicts, so the caller sends only rows that cannot have any.
   */
  copyRows(table: string, columns: readonly string[], text: string): Promise<void>;
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
        copyRows: async (table, columns, text) => {
          if (text === '') return;
          await pipeline(Readable.from([text]), client.query(copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
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

const PGLITE_PARSERS = {
  20: (v: string) => Number(v),
  1700: (v: string) => Number(v),
  1082: (v: string) => v,
};

class PgliteDb implements Db {
  readonly engine = 'pglite' as const;
  /** PGlite has one connection: queries outside a transaction wait for it to finish. */
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly lite: PGlite) {}

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serialize(async () => (await this.lite.query<T>(sql, params, { parsers: PGLITE_PARSERS })).rows);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.lite.transaction(async (t) =>
        fn({
          query: async <R extends object>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params, { parsers: PGLITE_PARSERS })).rows,
          // PGlite has no client stream: COPY reads the blob handed with the query as the file /dev/blob.
          copyRows: async (table, columns, text) => {
            if (text === '') return;
            await t.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
          },
        }),
      ),
    );
  }

  close(): Promise<void> {
    return this.lite.close();
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
  const lite = await PGlite.create({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
  });
  return new PgliteDb(lite);
}
