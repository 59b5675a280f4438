/**
 * Cost of one run of the reconcile job (src/jobs/handlers/reconcile.ts) on the
 * benchmark's data: one user, four accounts, BENCH_SIZE data points over two
 * years (bench/generate.ts), ingested through src/ingest, then the job run a
 * few times with its default limits (6 sampled days per account).
 *
 *   npx tsx bench/reconcile.ts                                   # PGlite in memory, 100k points
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reconcile.ts
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Registry } from 'prom-client';
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createUser } from '../src/db/repositories/users.js';
import { refreshStatistics } from '../src/db/statistics.js';
import { ingest } from '../src/ingest/ingest.js';
import { reconcileHandler } from '../src/jobs/handlers/reconcile.js';
import { accountBatches, makePlan } from './generate.js';

const size = Number(process.env.BENCH_SIZE ?? 100_000);
const server = process.env.BENCH_DATABASE_URL;
const name = `pulseboard_bench_${randomBytes(4).toString('hex')}`;
let url: string | null = null;
if (server) {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  url = u.toString();
}
const db = await openDb({ databaseUrl: url, pgliteDir: null });
try {
  await migrate(db);
  const plan = makePlan(size);
  const user = (await createUser(db, `bench-${Date.now()}@example.test`, 'x', 'UTC'))!;
  for (const acc of plan.accounts) {
    const accountId = (await upsertAccount(db, user.id, { platform: acc.platform, externalId: acc.externalId, handle: acc.handle })).id;
    for await (const batch of accountBatches(plan, acc, user.id, accountId, 50_000)) await ingest(db, batch);
  }
  await refreshStatistics(db);
  const warnings: object[] = [];
  const runs: { accounts: number; days: number; seconds: number }[] = [];
  const log = { warn: (o: object) => void warnings.push(o), info: (o: object) => void runs.push(o as (typeof runs)[number]) };
  const job = reconcileHandler(db, log, new Registry());
  // The first run warms caches and is left out; with four accounts every run checks them all.
  for (let i = 0; i < 4; i++) await job({});
  const measured = runs.filter((r) => r.accounts > 0).slice(1);
  const ms = measured.map((r) => Math.round(r.seconds * 1000));
  console.log(JSON.stringify({ engine: server ? 'postgres' : 'pglite', points: plan.points.total, accounts: measured[0]?.accounts, daysPerRun: measured[0]?.days, runMs: ms, drifts: warnings.length }));
} finally {
  await db.close();
  if (server) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
