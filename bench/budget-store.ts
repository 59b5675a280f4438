/**
 * What one budget take costs (issue 10): the gate takes before every platform
 * request, so the database store's statement is on every request's path.
 *   npx tsx bench/budget-store.ts          (BUDGET_BENCH_TAKES, default 2000)
 * Sequential takes on the busiest shapes: an Instagram-like rolling hour held
 * full (200 live entries in the row, one sliding out per take) and YouTube's
 * Pacific-day counter; the in-memory store as the floor. PGlite in memory and
 * PostgreSQL (BENCH_DATABASE_URL, a fresh database, dropped after).
 * Prints per-take median and p95 in µs. Never fails on a timing.
 */
import { performance } from 'node:perf_hooks';
import type { BudgetWindow } from '../src/sync/budget-rules.js';
import { dbBudgetStore, memoryBudgetStore, type BudgetStore } from '../src/sync/budget-store.js';
import { createBenchDb, type EngineName } from './sync/db.js';

const TAKES = Number(process.env.BUDGET_BENCH_TAKES || 2000);
const HOUR: BudgetWindow = { kind: 'sliding', ms: 3_600_000 };
const DAY: BudgetWindow = { kind: 'day', timeZone: 'America/Los_Angeles' };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(store: BudgetStore, window: BudgetWindow, limit: number): Promise<{ medianUs: number; p95Us: number; granted: number }> {
  const start = Date.parse('2026-06-15T12:00:00Z');
  // One take every 18 s of simulated time keeps a 200-per-hour window exactly full.
  const step = window.kind === 'sliding' ? window.ms / limit : 1000;
  const times: number[] = [];
  let granted = 0;
  for (let i = 0; i < TAKES; i++) {
    const t0 = performance.now();
    const r = await store.take(`bench:${window.kind}`, 1, limit, window, start + i * step);
    times.push(performance.now() - t0);
    if (r.ok) granted++;
  }
  times.sort((a, b) => a - b);
  return { medianUs: Math.round(quantile(times, 0.5) * 1000), p95Us: Math.round(quantile(times, 0.95) * 1000), granted };
}

const rows: string[] = [];
const run = async (name: string, store: BudgetStore) => {
  const rolling = await measure(store, HOUR, 200);
  const day = await measure(store, DAY, 1_000_000);
  rows.push(`${name.padEnd(10)} ${String(rolling.medianUs).padStart(12)} ${String(rolling.p95Us).padStart(9)} ${String(day.medianUs).padStart(12)} ${String(day.p95Us).padStart(9)}`);
};

await run('memory', memoryBudgetStore());
for (const engine of ['pglite', 'postgres'] as EngineName[]) {
  const bdb = await createBenchDb(engine);
  try {
    await run(engine, dbBudgetStore(bdb.db));
  } finally {
    await bdb.close();
  }
}
console.log(`budget take, ${TAKES} sequential takes per shape (µs per take)`);
console.log('store      rolling p50  roll p95      day p50   day p95');
for (const r of rows) console.log(r);
