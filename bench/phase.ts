/**
 * One benchmark phase: one engine, one size, in a process of its own (so peak
 * RSS is this phase's, and PGlite's ~1 GB under bulk ingest cannot starve the
 * next phase). Usage: tsx bench/phase.ts <pglite|postgres> <data points>
 *
 * Progress goes to stderr; the result is one line on stdout:
 *   BENCH_RESULT {...json...}
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { tokenService } from '../src/auth/tokens.js';
import { memoryCache } from '../src/cache/cache.js';
import { loadConfig } from '../src/config.js';
import { openDb, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import * as statistics from '../src/db/statistics.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { findUserForLogin } from '../src/db/repositories/users.js';
import { addDays, parsePeriod } from '../src/analytics/period.js';
import { createServices } from '../src/services.js';
import { accountBatches, makePlan } from './generate.js';
import { concurrentDashboards } from './concurrent.js';
import { measure, uncachedOnce, type CacheMode, type HttpTarget, type LatencyResult } from './http.js';
import { breakdown, profileQueries, type Breakdown } from './dbtime.js';
import { currentRssMb, peakRssMb, round3, summarize } from './stats.js';
import type { PhaseResult } from './result.js';
import { TimedDb } from './timed-db.js';
import { compareSerializers, type SerializerResult } from './serializer.js';
import { idPathsOf, showPublicIds } from '../src/http/public-ids.js';
import type { TSchema } from 'typebox';
import { dashboard } from '../src/query/views/dashboard.js';
import { performance as performanceView } from '../src/query/views/performance.js';
import { growth } from '../src/query/views/growth.js';
import { compare } from '../src/query/views/compare.js';
import { DashboardResponse } from '../src/routes/api/v1/analytics/dashboard.js';
import { PerformanceResponse } from '../src/routes/api/v1/analytics/performance.js';
import { GrowthResponse } from '../src/routes/api/v1/analytics/growth.js';
import { CompareResponse } from '../src/routes/api/v1/analytics/compare.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const engine = process.argv[2];
const size = Number(process.argv[3]);
if ((engine !== 'pglite' && engine !== 'postgres') || !Number.isInteger(size) || size <= 0) {
  console.error('usage: tsx bench/phase.ts <pglite|postgres> <data points>');
  process.exit(2);
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

const REQUESTS = envInt('BENCH_REQUESTS', 100);
const WARMUP = envInt('BENCH_WARMUP', 30);
const BATCH = envInt('BENCH_BATCH', 50_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PGLITE_STORAGE = process.env.BENCH_PGLITE === 'memory' ? 'memory' : 'dir';
// After ingest: 'app' (default) runs the app's own statistics pass, as its db-statistics job does 10 s after an
// ingest (src/jobs/handlers/db-statistics.ts); '1' runs ANALYZE on everything; '0' nothing (a bulk load's first seconds).
const ANALYZE = process.env.BENCH_ANALYZE === '1' ? 'all' : process.env.BENCH_ANALYZE === '0' ? 'none' : 'app';
const EXPLAIN_INGEST = process.env.BENCH_EXPLAIN_INGEST !== '0';
const ALL_ENDPOINTS = ['dashboard', 'performance', 'growth', 'compare'];
// BENCH_ENDPOINTS=dashboard measures only that endpoint (HTTP, breakdown, serializer) and skips the per-query profile: a quicker phase.
const ENDPOINTS = process.env.BENCH_ENDPOINTS ? process.env.BENCH_ENDPOINTS.split(',').map((e) => e.trim()) : ALL_ENDPOINTS;
for (const e of ENDPOINTS) if (!ALL_ENDPOINTS.includes(e)) throw new Error(`BENCH_ENDPOINTS: unknown endpoint "${e}" (${ALL_ENDPOINTS.join(', ')})`);
const CLIENTS = envInt('BENCH_CLIENTS', 50);
const CLIENT_ROUNDS = envInt('BENCH_CLIENT_ROUNDS', 3);
const CLIENT_TIMEOUT_MS = envInt('BENCH_CLIENT_TIMEOUT_MS', 10_000);
const label = `[${engine} ${size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`}]`;

function log(message: string): void {
  process.stderr.write(`${label} ${message}\n`);
}

const cleanups: (() => Promise<void>)[] = [];
async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    await fn().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function openEngine(): Promise<{ db: Db; where: string; initPeakRssMb: number | null }> {
  if (engine === 'pglite') {
    if (PGLITE_STORAGE === 'memory') return { db: await openDb({ databaseUrl: null, pgliteDir: null }), where: 'memory', initPeakRssMb: null };
    const dir = mkdtempSync(join(tmpdir(), 'pulseboard-bench-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // initdb in a process of its own (see pglite-init.ts); this process then opens the directory like a restarted server.
    const init = spawnSync(join(HERE, '..', 'node_modules', '.bin', 'tsx'), [join(HERE, 'pglite-init.ts'), dir], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pglite-init failed: ${init.stderr}`);
    const initPeakRssMb = (JSON.parse(init.stdout.trim().split('\n').pop()!) as { peakRssMb: number }).peakRssMb;
    return { db: await openDb({ databaseUrl: null, pgliteDir: dir }), where: dir, initPeakRssMb };
  }
  const name = `pulseboard_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const again = new pg.Client({ connectionString: SERVER_URL });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  });
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { db: await openDb({ databaseUrl: url.toString(), pgliteDir: null }), where: `${url.host}/${name}`, initPeakRssMb: null };
}

/** Whether the planner has statistics for the tables the analytics reads touch (autovacuum may add them while we measure). */
function tableStats(db: Db): Promise<{ relname: string; analyzed: boolean }[]> {
  return db.query<{ relname: string; analyzed: boolean }>(
    `SELECT relname, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed FROM pg_stat_user_tables
     WHERE relname IN ('user_metrics', 'platform_posts', 'content_performance', 'post_daily') OR relname LIKE 'post_snapshots%' ORDER BY relname`,
  );
}

async function main(): Promise<PhaseResult> {
  const started = performance.now();
  const rss: PhaseResult['rss'] = [];
  const mark = (phase: string) => rss.push({ phase, peakMb: peakRssMb(), currentMb: currentRssMb(), load1: round3(loadavg()[0]!) });
  const loadAtStart = round3(loadavg()[0]!);

  // --- setup: database, app on a port, a registered user with four accounts
  let t0 = performance.now();
  const opened = await openEngine();
  const { where } = opened;
  const db = new TimedDb(opened.db);
  cleanups.push(() => db.close());
  await migrate(db);
  const config = loadConfig({ APP_SECRET: randomBytes(32).toString('hex'), DATA_DIR: join(tmpdir(), 'pulseboard-bench-unused'), LOG_LEVEL: 'silent' });
  const cache = memoryCache(config.cacheTtlSeconds);
  cleanups.push(() => cache.close());
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, 3600) });
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const reg = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough benchmark password' }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const { token } = (await reg.json()) as { token: string };
  // The API names the user by its UUID (an integer at older baselines); rows are planted by the database key.
  const user = await findUserForLogin(db, email);
  if (!user) throw new Error('the registered user is not stored');
  const plan = makePlan(size);
  const accountIds: number[] = [];
  for (const acc of plan.accounts) {
    accountIds.push((await upsertAccount(db, user.id, { platform: acc.platform, externalId: acc.externalId, handle: acc.handle })).id);
  }
  const setupMs = performance.now() - t0;
  log(`setup ${Math.round(setupMs)} ms (${where}); plan: ${plan.points.total} data points, cadence k=${plan.cadenceK.toFixed(3)} h, ${plan.from2y}..${plan.today}`);
  mark('setup');

  // --- ingest, per account, oldest first, through services.ingest (which also invalidates the cache)
  t0 = performance.now();
  db.recording = true;
  let ingestMs = 0;
  let observations = 0;
  const batchStats: { platform: string; observations: number; ms: number }[] = [];
  // One batch in the middle of the load (the second of the instagram account, or its first if it has one) is
  // run with every statement explained first; it is left out of the rate because the EXPLAIN runs cost time.
  let explainedBatch: { platform: string; observations: number; ms: number } | null = null;
  for (const [i, acc] of plan.accounts.entries()) {
    let index = 0;
    const batches = accountBatches(plan, acc, user.id, accountIds[i]!, BATCH);
    for await (const batch of batches) {
      const n = (batch.postMetrics?.length ?? 0) + (batch.accountMetrics?.length ?? 0) + (batch.accountDaily?.length ?? 0);
      const explainThis = EXPLAIN_INGEST && acc.platform === 'instagram' && index === (acc.postPoints > BATCH ? 1 : 0);
      index += 1;
      db.explaining = explainThis;
      db.recording = !explainThis;
      const b0 = performance.now();
      await services.ingest(batch);
      const dt = performance.now() - b0;
      db.explaining = false;
      db.recording = true;
      if (explainThis) {
        explainedBatch = { platform: acc.platform, observations: n, ms: round3(dt) };
        log(`ingest ${acc.platform}: ${n} obs in ${Math.round(dt)} ms with EXPLAIN ANALYZE of each statement (not counted in the rate)`);
        continue;
      }
      ingestMs += dt;
      observations += n;
      batchStats.push({ platform: acc.platform, observations: n, ms: round3(dt) });
      log(`ingest ${acc.platform}: ${n} obs in ${Math.round(dt)} ms (${Math.round(n / (dt / 1000))} obs/s), rss ${currentRssMb()} MB`);
    }
  }
  const ingestWallMs = performance.now() - t0;
  db.recording = false;
  const statements = db.report();
  for (const st of statements.slice(0, 6)) log(`ingest statement ${Math.round(st.totalMs)} ms in ${st.calls} calls: ${st.statement}`);
  mark('ingest');

  // --- what is really stored
  const [counts] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM post_snapshots WHERE user_id = $1) AS post_snapshots,
            (SELECT count(*) FROM account_snapshots WHERE user_id = $1) AS account_snapshots,
            (SELECT count(*) FROM account_daily_reported WHERE user_id = $1) AS account_daily_reported,
            (SELECT count(*) FROM platform_posts WHERE user_id = $1) AS platform_posts,
            (SELECT count(*) FROM post_daily WHERE user_id = $1) AS post_daily,
            (SELECT count(*) FROM user_metrics WHERE user_id = $1) AS user_metrics,
            (SELECT count(*) FROM content_performance WHERE user_id = $1) AS content_performance,
            (SELECT round(pg_database_size(current_database()) / 1048576.0)) AS database_mb`,
    [user.id],
  );
  const stored = counts!;
  const dataPoints = stored.post_snapshots! + stored.account_snapshots! + stored.account_daily_reported!;
  log(`stored: ${dataPoints} data points (${JSON.stringify(stored)})`);
  const statsRows = await tableStats(db);
  if (ANALYZE === 'all') {
    await db.query('ANALYZE');
    log('ANALYZE done (BENCH_ANALYZE=1)');
  } else if (ANALYZE === 'app') {
    const t = performance.now();
    const analyzed = await statistics.refreshStatistics(db);
    // The job also removes dead rows since c61a968 (looked up by name: a baseline commit may not have it).
    const removeDeadRows = (statistics as Record<string, unknown>).removeDeadRows as ((q: Db) => Promise<string[]>) | undefined;
    const vacuumed = removeDeadRows ? await removeDeadRows(db) : [];
    log(`the app's statistics pass analyzed ${analyzed.join(', ') || 'nothing'} and vacuumed ${vacuumed.join(', ') || 'nothing'} in ${Math.round(performance.now() - t)} ms`);
  }

  // --- does the API report what was generated? (2-year activity = latest lifetime values, design.md)
  const range2y = { name: '2y', from: plan.from2y, to: plan.today };
  const range30d = { name: '30d', from: addDays(plan.today, -29), to: plan.today };
  await cache.invalidateUser(user.id);
  const dash = (await (await fetch(`${baseUrl}/api/v1/analytics/dashboard?from=${range2y.from}&to=${range2y.to}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    totals: { views: number | null; followers: number | null; posts: number };
  };
  const expectedViews = Object.values(plan.expected.latest).reduce((s, m) => s + (m.views ?? 0), 0);
  const expectedFollowers = Object.values(plan.expected.followers).reduce((s, v) => s + (v ?? 0), 0);
  const check = {
    expectedViews,
    apiViews: dash.totals.views,
    expectedFollowers,
    apiFollowers: dash.totals.followers,
    expectedPosts: plan.accounts.reduce((n, a) => n + a.posts.length, 0),
    apiPosts: dash.totals.posts,
  };
  const checkOk = check.apiViews === expectedViews && check.apiFollowers === expectedFollowers && check.apiPosts === check.expectedPosts;
  log(`check: ${checkOk ? 'ok' : 'MISMATCH'} ${JSON.stringify(check)}`);

  // --- HTTP latency
  t0 = performance.now();
  const target: HttpTarget = { baseUrl, token, userId: user.id, services };
  const http: LatencyResult[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const range of [range30d, range2y]) {
      for (const mode of ['uncached', 'cached'] as CacheMode[]) {
        const r = await measure(target, endpoint, range, mode, REQUESTS, WARMUP);
        http.push(r);
        log(`http ${endpoint} ${range.name} ${mode}: p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms, ${r.bytes} B${r.wrongCacheHeader || r.errors ? ` (${r.wrongCacheHeader} wrong x-cache, ${r.errors} errors)` : ''}`);
      }
    }
  }
  const httpMs = performance.now() - t0;
  mark('http');

  // --- many clients at once, each its own range (bench/concurrent.ts)
  const concurrent = CLIENTS > 0 ? await concurrentDashboards(target, plan.from2y, plan.today, CLIENTS, CLIENT_ROUNDS, CLIENT_TIMEOUT_MS) : null;
  if (concurrent) log(`concurrent: ${CLIENTS} clients × ${CLIENT_ROUNDS} rounds, dashboard of different ranges: p50 ${concurrent.latency.p50} ms, p99 ${concurrent.latency.p99} ms, max ${concurrent.latency.max} ms, ${concurrent.timeouts} timeouts, ${concurrent.errors} errors; load ${round3(loadavg()[0]!)}`);

  // --- the database's own time for the same reads
  t0 = performance.now();
  const p2y = parsePeriod({ from: range2y.from, to: range2y.to }, 'UTC');
  const p30 = parsePeriod({ from: range30d.from, to: range30d.to }, 'UTC');
  const periods = { '30d': { period: p30, range: range30d }, '2y': { period: p2y, range: range2y } };
  const breakdowns: Breakdown[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const [name, { period, range }] of Object.entries(periods)) {
      const b = await breakdown(db, user.id, period, name, endpoint, () => uncachedOnce(target, endpoint, range), Math.min(REQUESTS, 30), 5);
      breakdowns.push(b);
      log(`breakdown ${endpoint} ${name}: HTTP ${b.http.p50} ms, view ${b.view.p50} ms, reads ${b.reads.p50} ms, server ${b.serverMs} ms (p50)`);
    }
  }
  const queries = process.env.BENCH_ENDPOINTS
    ? []
    : [...(await profileQueries(db, user.id, p30, '30d', Math.min(REQUESTS, 30), 3)), ...(await profileQueries(db, user.id, p2y, '2y', Math.min(REQUESTS, 30), 3))];
  for (const q of queries) log(`query ${q.range} ${q.query}: ${q.rows} rows, driver p50 ${q.driver.p50} ms, server ${q.serverMs} ms`);
  const dbMs = performance.now() - t0;
  mark('db');

  // --- the body: JSON.stringify against the response schema's serializer, on the same 2-year results
  const serializers: SerializerResult[] = [];
  // The answer as the route hands it to the serializer: its keys already shown as the API's UUIDs (http/public-ids.ts).
  const asAnswered = (schema: TSchema, value: unknown) => showPublicIds(db, idPathsOf(schema), value);
  if (ENDPOINTS.includes('dashboard')) serializers.push(compareSerializers('dashboard', '2y', DashboardResponse, await asAnswered(DashboardResponse, await dashboard(db, user.id, p2y)), REQUESTS));
  if (ENDPOINTS.includes('performance')) serializers.push(compareSerializers('performance', '2y', PerformanceResponse, await asAnswered(PerformanceResponse, await performanceView(db, user.id, p2y, { sort: 'performance_score', order: 'desc', limit: 50 })), REQUESTS));
  if (ENDPOINTS.includes('growth')) serializers.push(compareSerializers('growth', '2y', GrowthResponse, await asAnswered(GrowthResponse, await growth(db, user.id, p2y, 'day')), REQUESTS));
  if (ENDPOINTS.includes('compare')) serializers.push(compareSerializers('compare', '2y', CompareResponse, await asAnswered(CompareResponse, await compare(db, user.id, p2y, 'day')), REQUESTS));
  for (const s of serializers) log(`serialize ${s.endpoint} ${s.range}: JSON.stringify p50 ${s.jsonStringify.p50} ms, schema serializer p50 ${s.schemaSerializer.p50} ms (${s.speedup}×)${s.same ? '' : ' BODIES DIFFER'}`);
  const statsAfter = await tableStats(db);

  return {
    engine: engine as 'pglite' | 'postgres',
    size,
    storage: engine === 'pglite' ? PGLITE_STORAGE : 'server',
    requests: REQUESTS,
    warmup: WARMUP,
    analyzedAfterIngest: ANALYZE !== 'none',
    plan: { points: plan.points, cadenceK: round3(plan.cadenceK), from: plan.from2y, to: plan.today, posts: check.expectedPosts },
    ingest: {
      observations,
      ms: round3(ingestMs),
      wallMs: round3(ingestWallMs),
      obsPerSec: Math.round(observations / (ingestMs / 1000)),
      batches: batchStats.length,
      batchMs: summarize(batchStats.map((b) => b.ms)),
      perBatch: batchStats,
      statements,
      explainedBatch,
      explained: db.explained.sort((a, b) => b.executionMs - a.executionMs),
    },
    stored: { ...stored, dataPoints },
    tableStatsBeforeQueries: statsRows,
    tableStatsAfterQueries: statsAfter,
    check: { ...check, ok: checkOk },
    http,
    concurrent,
    db: { breakdowns, queries },
    serializers,
    rss,
    pgliteInitPeakRssMb: opened.initPeakRssMb,
    loadAtStart,
    durations: { setupMs: round3(setupMs), ingestWallMs: round3(ingestWallMs), httpMs: round3(httpMs), dbMs: round3(dbMs), totalMs: round3(performance.now() - started) },
  };
}

main()
  .then(async (result) => {
    await cleanup();
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  })
  .catch(async (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(1);
  });
