/**
 * A small versioned migration runner. Hand-written rather than a library
 * because the usual runners speak only to a pg connection, and ours must run
 * the same files on PGlite too. Files in migrations/ are applied in name
 * order, each in its own transaction, and recorded in schema_migrations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function migrate(db: Db): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  // Two processes starting at once (API and worker) must not both migrate.
  const applied = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  const ran: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    if (applied.has(version)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727274)');
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (again.length > 0) return;
      await runScript(tx, sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    });
    ran.push(version);
  }
  return ran;
}

/** Runs a multi-statement script; extended-protocol query() takes one statement at a time. */
async function runScript(tx: { query: Db['query'] }, sql: string): Promise<void> {
  const withoutComments = sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n');
  for (const statement of withoutComments.split(';')) {
    if (statement.trim()) await tx.query(statement);
  }
}
