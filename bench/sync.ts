/**
 * Sync benchmark (issue 3, "Benchmark"): npx tsx bench/sync.ts
 *
 *   1. backfill   one account per platform, 2 years / 1,000 posts each: wall time,
 *                 requests, budget units, observations stored, observations/s
 *   2. steady     100 accounts per platform on a manual clock, the runtime's
 *                 schedule (sync-due every 60 s): requests per hour vs budgets,
 *                 tiers run, windows, simulator refusals; freshness probes under load
 *   3. freshness  a few accounts per platform: delay from a counter changing in the
 *                 simulator (a post taking off in its first hour) to the dashboard API
 *
 * Everything runs in this process (simulator included) against PostgreSQL
 * (BENCH_DATABASE_URL; a uniquely named database per phase, dropped after)
 * and, for the backfill, PGlite in memory. Tables on stdout, progress on
 * stderr, everything in bench/out/sync-<timestamp>.json. Never fails on a
 * timing; exit code 1 only if a phase could not run. See bench/sync/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBackfill, type BackfillResult } from './sync/backfill.js';
import type { EngineName } from './sync/db.js';
import { SERVER_URL } from './sync/db.js';
import { SYNC_SCHEDULES } from './sync/drive.js';
import { report } from './sync/report.js';
import { runWorld, type WorldResult } from './sync/world.js';

const HERE = dirname(fileURLToPath(import.meta.url));

function envNum(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}
function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
}

export const settings = {
  phases: envList('BENCH_SYNC_PHASES', ['backfill', 'steady', 'freshness']),
  seed: envNum('BENCH_SYNC_SEED', 42),
  start: new Date(process.env.BENCH_SYNC_START || '2026-06-15T12:00:00Z'),
  backfillEngines: envList('BENCH_SYNC_BACKFILL_ENGINES', ['postgres', 'pglite']) as EngineName[],
  backfillPosts: envNum('BENCH_SYNC_BACKFILL_POSTS', 1000),
  backfillHistoryDays: envNum('BENCH_SYNC_BACKFILL_DAYS', 730),
  accounts: envNum('BENCH_SYNC_ACCOUNTS', 100),
  hours: envNum('BENCH_SYNC_HOURS', 4),
  posts: envNum('BENCH_SYNC_POSTS', 45),
  historyDays: envNum('BENCH_SYNC_HISTORY_DAYS', 90),
  stepS: envNum('BENCH_SYNC_STEP_S', 15),
  probesUnderLoad: envNum('BENCH_SYNC_PROBES', 10),
  freshAccounts: envNum('BENCH_FRESH_ACCOUNTS', 5),
  freshPosts: envNum('BENCH_FRESH_POSTS', 270),
  freshProbes: envNum('BENCH_FRESH_PROBES', 4),
  freshHours: envNum('BENCH_FRESH_MAX_HOURS', 12),
};

const log = (m: string) => process.stderr.write(`[sync-bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  loadAvgAtEnd: [] as number[],
  database: SERVER_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
};

const out: {
  startedAt: string;
  machine: typeof machine;
  settings: typeof settings;
  schedules: typeof SYNC_SCHEDULES;
  backfill: BackfillResult[];
  steady: WorldResult | null;
  freshness: WorldResult | null;
  errors: { phase: string; error: string }[];
  wallS: number;
} = { startedAt: new Date().toISOString(), machine, settings, schedules: SYNC_SCHEDULES, backfill: [], steady: null, freshness: null, errors: [], wallS: 0 };

const t0 = performance.now();
async function phase(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`${name} could not run: ${error}`);
    out.errors.push({ phase: name, error });
  }
}

if (settings.phases.includes('backfill')) {
  for (const engine of settings.backfillEngines) {
    await phase(`backfill ${engine}`, async () => {
      out.backfill.push(await runBackfill({ engine, seed: settings.seed, start: settings.start, posts: settings.backfillPosts, historyDays: settings.backfillHistoryDays, log }));
    });
  }
}

if (settings.phases.includes('steady')) {
  await phase('steady', async () => {
    out.steady = await runWorld({
      label: 'steady',
      engine: 'postgres',
      seed: settings.seed,
      start: settings.start,
      accountsPerPlatform: settings.accounts,
      postsPerAccount: settings.posts,
      historyDays: settings.historyDays,
      futureDays: Math.ceil(settings.hours / 24) + 2,
      hours: settings.hours,
      stepMs: settings.stepS * 1000,
      probesPerPlatform: settings.probesUnderLoad,
      stopWhenProbesDone: false,
      // Spread over the run, so some land after YouTube's hot tier stops for the day.
      probeGapMs: settings.probesUnderLoad > 0 ? (settings.hours * 3_600_000) / settings.probesUnderLoad : 0,
      publications: true,
      log,
    });
  });
}

if (settings.phases.includes('freshness')) {
  await phase('freshness', async () => {
    out.freshness = await runWorld({
      label: 'freshness',
      engine: 'postgres',
      seed: settings.seed + 1,
      start: settings.start,
      accountsPerPlatform: settings.freshAccounts,
      postsPerAccount: settings.freshPosts,
      historyDays: settings.historyDays,
      futureDays: Math.ceil(settings.freshHours / 24) + 2,
      hours: settings.freshHours,
      stepMs: settings.stepS * 1000,
      probesPerPlatform: settings.freshProbes,
      stopWhenProbesDone: true,
      log,
    });
  });
}

out.wallS = (performance.now() - t0) / 1000;
machine.loadAvgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
process.stdout.write(report(out) + '\n');
const dir = join(HERE, 'out');
mkdirSync(dir, { recursive: true });
const file = join(dir, `sync-${out.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(out, null, 2));
log(`wrote ${file}`);
process.exit(out.errors.length > 0 ? 1 : 0);
