/**
 * A fresh, migrated database for one test file: PGlite in memory by default,
 * or a uniquely named database on the PostgreSQL server when
 * TEST_DATABASE_URL is set (dropped again afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

export interface TestDb {
  db: Db;
  /** The URL of the per-file database (PostgreSQL only), for an app under test. */
  url: string | null;
  close(): Promise<void>;
}

export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openDb({ databaseUrl: null, pgliteDir: null });
    await migrate(db);
    return { db, url: null, close: () => db.close() };
  }
  const name = `pulseboard_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), pgliteDir: null });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async close() {
      await db.close();
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
