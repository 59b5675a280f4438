/**
 * A fresh, migrated database for one benchmark phase: a uniquely named
 * database on the PostgreSQL server (dropped again on close), or PGlite in
 * memory.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

export type EngineName = 'postgres' | 'pglite';

export interface BenchDb {
  db: Db;
  engine: EngineName;
  /** The database's name (PostgreSQL) or 'memory' (PGlite). */
  name: string;
  close(): Promise<void>;
}

export const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function createBenchDb(engine: EngineName): Promise<BenchDb> {
  if (engine === 'pglite') {
    const db = await openDb({ databaseUrl: null, pgliteDir: null });
    await migrate(db);
    return { db, engine, name: 'memory', close: () => db.close() };
  }
  const name = `pulseboard_syncbench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  let db: Db;
  try {
    db = await openDb({ databaseUrl: url.toString(), pgliteDir: null });
    await migrate(db);
  } catch (err) {
    await dropDatabase(name);
    throw err;
  }
  return {
    db,
    engine,
    name,
    async close() {
      await db.close().catch(() => undefined);
      await dropDatabase(name);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
