/**
 * Alert detection, timed (issue 8, benchmark):
 *
 *  1. Latency of a planted spike: from the commit of the ingest that carries
 *     it to the alert row (the alerts-detect job queued by the ingest's
 *     afterCommit listener, run by the in-process queue, row stored and live
 *     event published), over RUNS users, each with 90 days of history first.
 *     Baseline, same run: the ingest of that batch itself (its transaction
 *     and rollups).
 *  2. One detection pass for one user with BENCH_SIZE data points (default
 *     1,000,000: bench/generate.ts, four accounts, ~1,000 posts over two
 *     years), RUNS times after one warm-up. Baseline, same run: the dashboard's
 *     base read (user_metrics rows of the last 90 days, repositories/analytics.ts dayRows).
 *
 *   npx tsx bench/alerts.ts                                   # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/alerts.ts
 *   BENCH_SIZE=100000 BENCH_RUNS=5 npx tsx bench/alerts.ts
 */
import { randomBytes } from 'node:crypto';
import { runAlertDetection } from '../src/alerts/run.js';
import { addDays, todayIn } from '../src/analytics/period.js';
import { memoryCache } from '../src/cache/cache.js';
import { loadConfig } from '../src/config.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { dayRows } from '../src/db/repositories/analytics.js';
import { createUser } from '../src/db/repositories/users.js';
import { refreshStatistics } from '../src/db/statistics.js';
import { ingest as ingestTx } from '../src/ingest/ingest.js';
import { alertsDetectHandler, alertsJobId } from '../src/jobs/handlers/alerts-detect.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import { inProcessBus } from '../src/realtime/bus.js';
import { appIngest, enqueueAfterCommit } from '../src/services.js';
import { loadPlan, scratchDb } from './scratch-db.js';
import { summarize } from './stats.js';

const size = Number(process.env.BENCH_SIZE ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const scratch = await scratchDb();
const { db } = scratch;
const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
try {
  const config = loadConfig({ APP_SECRET: randomBytes(32).toString('hex'), DATA_DIR: '/tmp/pulseboard-bench-unused' });
  const events = inProcessBus();
  const deps = { db, events, config };
  const quiet = { info: () => undefined, error: (o: object) => console.error('alerts-detect failed', o) };

  // 1. Planted spike: ingest commit → alert row.
  const queue = inProcessQueue();
  await queue.start({ 'alerts-detect': alertsDetectHandler(deps, quiet) }, 1);
  let committedAt = 0;
  const ingest = appIngest(db, memoryCache(60), events, [
    () => void (committedAt = performance.now()),
    enqueueAfterCommit((userId) => queue.add('alerts-detect', { userId }, { jobId: alertsJobId(userId) })),
  ]);
  const today = todayIn('UTC');
  const latency: number[] = [];
  const ingestMs: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const user = (await createUser(db, `spike-${r}-${Date.now()}@example.test`, 'x', 'UTC'))!;
    const account = await upsertAccount(db, user.id, { platform: 'youtube', externalId: `yt-${r}`, handle: '@bench' });
    const first = addDays(today, -91);
    let total = 0;
    const history = Array.from({ length: 90 }, (_, i) => ({
      platformPostId: 'evergreen', metric: 'views' as const, value: (total += 1000 + ((i * 37) % 200)), observedAt: new Date(`${addDays(first, i)}T12:00:00Z`),
    }));
    // History through the plain transaction: no detection queued for it.
    await ingestTx(db, { userId: user.id, accountId: account.id, source: 'bench', posts: [{ platformPostId: 'evergreen', publishedAt: new Date(`${first}T06:00:00Z`) }], postMetrics: history });
    const started = performance.now();
    await ingest({ userId: user.id, accountId: account.id, source: 'bench', postMetrics: [{ platformPostId: 'evergreen', metric: 'views', value: total + 9000, observedAt: new Date(`${addDays(today, -1)}T12:00:00Z`) }] });
    await queue.idle();
    const done = performance.now();
    const rows = await db.query('SELECT 1 FROM alerts WHERE user_id = $1', [user.id]);
    if (rows.length === 0) throw new Error('the planted spike was not found');
    if (r > 0) {
      // The first run warms up the code paths; left out.
      latency.push(ms(committedAt, done));
      ingestMs.push(ms(started, committedAt));
    }
  }
  await queue.close();

  // 2. One user with `size` data points.
  const loadStart = performance.now();
  const { plan, user } = await loadPlan(db, size, 'UTC');
  await refreshStatistics(db);
  const loadSeconds = Math.round((performance.now() - loadStart) / 100) / 10;
  const period = { from: addDays(today, -89), to: today, tz: 'UTC', platforms: ['youtube', 'tiktok', 'instagram', 'twitter'] as const, days: 90 };
  const detectMs: number[] = [];
  const baselineMs: number[] = [];
  let found = 0;
  for (let r = 0; r < runs + 1; r++) {
    const a = performance.now();
    const result = await runAlertDetection(deps, user.id);
    const b = performance.now();
    await dayRows(db, user.id, { ...period, platforms: [...period.platforms] });
    const c = performance.now();
    found += result.created.length;
    if (r > 0) {
      detectMs.push(ms(a, b));
      baselineMs.push(ms(b, c));
    }
  }
  const spike = summarize(latency);
  const ingestSummary = summarize(ingestMs);
  const detect = summarize(detectMs);
  const baseline = summarize(baselineMs);
  console.log(JSON.stringify({
    engine: db.engine,
    spikeToAlertMs: { p50: spike.p50, p95: spike.p95, runs: spike.n },
    baselineIngestOfThatBatchMs: { p50: ingestSummary.p50, p95: ingestSummary.p95 },
    spikeVsIngestP50: Math.round((spike.p50 / ingestSummary.p50) * 10) / 10,
    points: plan.points.total,
    loadSeconds,
    detectionMs: { p50: detect.p50, p95: detect.p95, runs: detect.n },
    baselineDashboardReadMs: { p50: baseline.p50, p95: baseline.p95 },
    detectionVsDashboardReadP50: Math.round((detect.p50 / baseline.p50) * 10) / 10,
    alertsFoundInGeneratedData: found,
  }, null, 1));
} finally {
  await scratch.drop();
}
