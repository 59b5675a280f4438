/**
 * A database of its own for one benchmark script: a fresh, migrated
 * PostgreSQL database when BENCH_DATABASE_URL is set (dropped at the end),
 * else PGlite in memory; and the benchmark plan (bench/generate.ts) loaded
 * into it for one user through the real ingest.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createUser } from '../src/db/repositories/users.js';
import { ingest } from '../src/ingest/ingest.js';
import { accountBatches, makePlan } from './generate.js';

export interface ScratchDb {
  db: Db;
  /** Closes the store and drops the PostgreSQL database. */
  drop(): Promise<void>;
}

async function admin(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql);
  await client.end();
}

export async function scratchDb(server = process.env.BENCH_DATABASE_URL): Promise<ScratchDb> {
  const name = `pulseboard_bench_${randomBytes(4).toString('hex')}`;
  let url: string | null = null;
  if (server) {
    await admin(server, `CREATE DATABASE ${name}`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = await openDb({ databaseUrl: url, pgliteDir: null });
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      if (server) await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One user with the plan's four accounts and `size` data points, ingested in 50,000-point batches. */
export async function loadPlan(db: Db, size: number, tz: string) {
  const plan = makePlan(size);
  const user = (await createUser(db, `bench-${Date.now()}@example.test`, 'x', tz))!;
  for (const acc of plan.accounts) {
    const accountId = (await upsertAccount(db, user.id, { platform: acc.platform, externalId: acc.externalId, handle: acc.handle })).id;
    for await (const batch of accountBatches(plan, acc, user.id, accountId, 50_000)) await ingest(db, batch);
  }
  return { plan, user };
}
