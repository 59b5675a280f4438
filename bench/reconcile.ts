/**
 * Cost of one run of the reconcile job (src/jobs/handlers/reconcile.ts) on the
 * benchmark's data: one user, four accounts, BENCH_SIZE data points over two
 * years (bench/generate.ts), ingested through src/ingest, then the job run a
 * few times with its default limits (6 sampled days per account).
 *
 *   npx tsx bench/reconcile.ts                                   # PGlite in memory, 100k points
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reconcile.ts
 */
import { Registry } from 'prom-client';
import { refreshStatistics } from '../src/db/statistics.js';
import { reconcileHandler } from '../src/jobs/handlers/reconcile.js';
import { loadPlan, scratchDb } from './scratch-db.js';

const size = Number(process.env.BENCH_SIZE ?? 100_000);
const scratch = await scratchDb();
const { db } = scratch;
try {
  const { plan } = await loadPlan(db, size, 'UTC');
  await refreshStatistics(db);
  const warnings: object[] = [];
  const runs: { accounts: number; days: number; seconds: number }[] = [];
  const log = { warn: (o: object) => void warnings.push(o), info: (o: object) => void runs.push(o as (typeof runs)[number]) };
  const job = reconcileHandler(db, log, new Registry());
  // The first run warms caches and is left out; with four accounts every run checks them all.
  for (let i = 0; i < 4; i++) await job({});
  const measured = runs.filter((r) => r.accounts > 0).slice(1);
  const ms = measured.map((r) => Math.round(r.seconds * 1000));
  console.log(JSON.stringify({ engine: db.engine, points: plan.points.total, accounts: measured[0]?.accounts, daysPerRun: measured[0]?.days, runMs: ms, drifts: warnings.length }));
} finally {
  await scratch.drop();
}
