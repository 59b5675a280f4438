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

export interface TestDbOptions {
  /**
   * Migrations to leave out, as if applied already (e.g. '019_public_ids'):
   * the database has the schema from before them, so a test can fill it and
   * then run the real migration on that data (delete the versions from
   * schema_migrations and call migrate again).
   */
  skip?: string[];
}

async function migrateSkipping(db: Db, skip: string[]): Promise<void> {
  if (skip.length > 0) {
    await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const version of skip) await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
  }
  await migrate(db);
}

export async function createTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const skip = options.skip ?? [];
  if (!serverUrl) {
    const db = await openDb({ databaseUrl: null, pgliteDir: null });
    await migrateSkipping(db, skip);
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
  await migrateSkipping(db, skip);
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
