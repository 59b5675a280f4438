/**
 * Reports and export benchmark (issue 4, "Benchmark"):  npx tsx bench/reports.ts
 *
 * On PostgreSQL, with BENCH_POINTS (default 1,000,000) data points for one user
 * over two years (the store benchmark's generator and ingest path, imported
 * from bench/generate.ts), through the real app over HTTP, the server running
 * in a child process (bench/reports/server.ts) so its memory is its own:
 *  1. each report type over the full 2-year range: POST /analytics/reports
 *     (compute + freeze), then GET …/{id}?format=pdf|csv|json; median and max
 *     of BENCH_REPEATS; sizes; the files checked with pdfinfo / csv-parse / JSON;
 *  2. GET /analytics/export (raw and day, CSV and JSON): wall time, rows/s,
 *     bytes, the server's peak RSS (kernel VmHWM after resetting it, and a
 *     10 ms VmRSS sampling), CPU of the server and of the database backends;
 *  3. stage breakdowns in this process (bench/reports/stages.ts): the count and
 *     export queries under EXPLAIN ANALYZE, cursor alone, encoders alone,
 *     cursor + CSV without HTTP; per-statement times of each report's
 *     computation and the render times.
 * Targets are printed beside the figures. A benchmark, not a test: it never
 * fails on a timing (exit 1 only when it could not run).
 *
 * Two passes by default: "as loaded" (the planner has whatever statistics
 * the server gathered by itself: none when autovacuum is off, as on the
 * test server) and "after ANALYZE" (what a server with autovacuum reaches
 * shortly after a bulk load); a fresh server child for each pass.
 *
 * Env: BENCH_POINTS (1000000), BENCH_REPEATS (3 per report type in the last
 * pass, 1 in the first), BENCH_EXPORT_REPEATS (2, raw CSV export in the last
 * pass; every other export runs once), BENCH_ANALYZE (both | 0 = as loaded
 * only | 1 = after ANALYZE only), BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/test), BENCH_BATCH (50000),
 * BENCH_STAGES (1; 0 skips sections 3a–3c), BENCH_HEAP_CAP_MB (128: one more raw
 * CSV export on a server child with --max-old-space-size=128; 0 skips it), BENCH_REPORT_TIMEOUT_MS (120000:
 * the server's REPORT_TIMEOUT_MS, raised from 30 s so a slow report is timed
 * rather than answered 408).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePeriod } from '../src/analytics/period.js';
import { tokenService } from '../src/auth/tokens.js';
import { memoryCache } from '../src/cache/cache.js';
import { loadConfig } from '../src/config.js';
import { exactExportRows, type ExportGranularity } from '../src/db/repositories/bulk-export.js';
import { findUserForLogin } from '../src/db/repositories/users.js';
import { parseReportRequest } from '../src/reports/request.js';
import { createServices } from '../src/services.js';
import { thousands } from './stats.js';
import { Client } from './reports/client.js';
import { createDatabase, loadData, storedCounts, tableStats, type BenchDatabase } from './reports/load.js';
import { benchExport, benchReports, reportBody, type ExportRun, type ExportTarget } from './reports/measure.js';
import { printResult, sec, TARGETS, type PassName, type PassResult, type Result } from './reports/print.js';
import { moduleFootprint, spawnServer, type ServerChild } from './reports/proc.js';
import { explainExport, exportStages, reportStages, type ExportExplain, type ExportStages, type ReportStages } from './reports/stages.js';
import { REPORT_TYPES } from '../src/analytics/report-kinds.js';

const HERE = dirname(fileURLToPath(import.meta.url));

function envInt(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

const POINTS = envInt('BENCH_POINTS', 1_000_000, 1000);
const REPEATS = envInt('BENCH_REPEATS', 3, 1);
const EXPORT_REPEATS = envInt('BENCH_EXPORT_REPEATS', 2, 1);
const BATCH = envInt('BENCH_BATCH', 50_000, 100);
const REPORT_TIMEOUT_MS = envInt('BENCH_REPORT_TIMEOUT_MS', 120_000, 1);
const ANALYZE_MODE = process.env.BENCH_ANALYZE || 'both';
if (!['both', '0', '1'].includes(ANALYZE_MODE)) throw new Error(`BENCH_ANALYZE must be both, 0 or 1, got "${ANALYZE_MODE}"`);
const STAGES = process.env.BENCH_STAGES !== '0';
const HEAP_CAP_MB = envInt('BENCH_HEAP_CAP_MB', 128, 0);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PASSES: PassName[] = ANALYZE_MODE === 'both' ? ['as loaded', 'after ANALYZE'] : ANALYZE_MODE === '1' ? ['after ANALYZE'] : ['as loaded'];

function log(message: string): void {
  process.stderr.write(`[reports bench] ${message}\n`);
}

const cleanups: (() => Promise<void>)[] = [];
async function cleanup(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

const loads: number[] = [];
function loadNow(): number {
  const l = Math.round(loadavg()[0]! * 10) / 10;
  loads.push(l);
  return l;
}

async function main(): Promise<void> {
  const started = new Date();
  const t00 = performance.now();
  loadNow();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const outRoot = join(HERE, 'out');
  const outDir = join(outRoot, `reports-${stamp}`);
  mkdirSync(outDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'pulseboard-bench-reports-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  log(`${thousands(POINTS)} data points on ${SERVER_URL.replace(/\/\/[^@]*@/, '//')}; passes: ${PASSES.join(', ')}; ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${loads[0]}`);

  // --- database, server child, user
  let t0 = performance.now();
  const bdb: BenchDatabase = await createDatabase(SERVER_URL);
  cleanups.push(() => bdb.drop());
  const serverEnv = {
    DATABASE_URL: bdb.url,
    APP_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    REPORT_TIMEOUT_MS: String(REPORT_TIMEOUT_MS),
    DATA_DIR: join(scratch, 'data'),
  };
  let server: ServerChild = await spawnServer(serverEnv);
  let stopServer = () => server.stop();
  cleanups.push(() => stopServer());
  log(`database ${bdb.name}; server pid ${server.pid} at ${server.baseUrl} (${Math.round(performance.now() - t0)} ms)`);
  let client = new Client(server.baseUrl);
  cleanups.push(async () => client.close());
  const email = `bench-reports-${randomBytes(4).toString('hex')}@example.test`;
  const reg = await client.json<{ user: { timezone: string }; token: string }>('POST', '/api/v1/auth/register', {
    email,
    password: 'a long enough benchmark password',
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.data)}`);
  const token = reg.data.token;
  client.setToken(token);
  // The API names the user by its UUID; the data is planted by the database key.
  const userId = (await findUserForLogin(bdb.db, email))?.id;
  if (userId === undefined) throw new Error('the registered user is not stored');
  const userTz = reg.data.user.timezone;

  // --- load, then count with SQL
  t0 = performance.now();
  const loaded = await loadData(bdb.db, userId, POINTS, BATCH, log);
  const stored = await storedCounts(bdb.db, userId);
  const loadMs = performance.now() - t0;
  log(`stored ${thousands(stored.dataPoints)} data points (generated ${thousands(loaded.plan.points.total)}) in ${sec(loadMs)} s`);
  const from = loaded.plan.from2y;
  const to = loaded.plan.today;
  const period = parsePeriod({ from, to }, userTz);
  const expected: Record<ExportGranularity, number> = {
    raw: await exactExportRows(bdb.db, userId, period, 'raw'),
    day: await exactExportRows(bdb.db, userId, period, 'day'),
  };
  log(`export rows by SQL count: raw ${thousands(expected.raw)}, day ${thousands(expected.day)}`);
  const config = loadConfig({ ...serverEnv, DATABASE_URL: '' });

  // --- the passes
  const passes: PassResult[] = [];
  for (const [index, name] of PASSES.entries()) {
    const last = index === PASSES.length - 1;
    let analyzeMs: number | null = null;
    if (name === 'after ANALYZE') {
      t0 = performance.now();
      await bdb.db.query('ANALYZE');
      analyzeMs = performance.now() - t0;
      log(`ANALYZE took ${Math.round(analyzeMs)} ms`);
    }
    if (index > 0) {
      // A fresh server child for the pass, so its exports start from a resting process again.
      await server.stop();
      client.close();
      server = await spawnServer(serverEnv);
      stopServer = () => server.stop();
      client = new Client(server.baseUrl, token);
      log(`fresh server pid ${server.pid} for pass "${name}"`);
    }
    const stats = await tableStats(bdb.db);
    const serverAtStart = await server.usage();
    log(`pass "${name}": ${stats.filter((s) => s.analyzed).length}/${stats.length} tables analyzed; server RSS ${serverAtStart.rssMb.toFixed(0)} MB`);
    const target: ExportTarget = { client, server, database: bdb.name, period, dir: scratch, load: loadNow, log };

    // 2. export first, on the server child that has served nothing else
    const exports: ExportRun[] = [];
    const variants: [ExportGranularity, 'csv' | 'json', number][] = [
      ['raw', 'csv', last ? EXPORT_REPEATS : 1],
      ['day', 'csv', 1],
      ['raw', 'json', 1],
      ['day', 'json', 1],
    ];
    for (const [g, format, n] of variants) {
      for (let i = 1; i <= n; i++) exports.push(await benchExport(target, g, format, i, expected[g], 'fresh'));
    }
    // 1. reports, same process
    const passDir = join(outDir, name.replace(/\s+/g, '-').toLowerCase());
    mkdirSync(passDir, { recursive: true });
    const reports = await benchReports(client, server, from, to, last ? REPEATS : 1, passDir, log);
    loadNow();
    // the headline export once more, on the process that has rendered reports now
    if (last) exports.push(await benchExport(target, 'raw', 'csv', EXPORT_REPEATS + 1, expected.raw, 'after reports'));
    // and on a fresh process whose V8 old space is capped: if it still streams, the heap growth seen
    // above is garbage V8 had no reason to collect yet, not memory the export holds on to.
    if (last && HEAP_CAP_MB > 0) {
      const capped = await spawnServer(serverEnv, [`--max-old-space-size=${HEAP_CAP_MB}`]);
      const cappedClient = new Client(capped.baseUrl, token);
      try {
        log(`server pid ${capped.pid} with --max-old-space-size=${HEAP_CAP_MB}`);
        exports.push(await benchExport({ ...target, client: cappedClient, server: capped }, 'raw', 'csv', EXPORT_REPEATS + 2, expected.raw, 'heap capped'));
      } catch (err) {
        log(`export on the heap-capped server failed: ${String(err)}`);
      } finally {
        cappedClient.close();
        await capped.stop();
      }
    }

    const explains: ExportExplain[] = [];
    if (STAGES) for (const g of ['raw', 'day'] as const) explains.push(await explainExport(bdb.db, userId, period, g, config.exportRowLimit, log));
    passes.push({ name, analyzeMs, tableStats: stats, serverAtStart, exports, reports, explains });
  }

  // --- 3. stage breakdowns (this process, src/ functions), in the state of the last pass
  t0 = performance.now();
  const expStages: ExportStages[] = [];
  const repStages: ReportStages[] = [];
  if (STAGES) {
    const cache = memoryCache(config.cacheTtlSeconds);
    const services = createServices({ config, db: bdb.db, cache, tokens: tokenService(config.appSecret, 3600) });
    for (const type of REPORT_TYPES) {
      const s = await reportStages(services, userId, userTz, parseReportRequest(reportBody(type, from, to), userTz), 200);
      repStages.push(s);
      log(`stages ${type}: compute ${Math.round(s.computeMs)} ms (${s.statements} statements, ${Math.round(s.sqlMs)} ms SQL), render pdf ${Math.round(s.renderMs.pdf)} / csv ${Math.round(s.renderMs.csv)} / json ${Math.round(s.renderMs.json)} ms`);
    }
    await cache.close();
    expStages.push(await exportStages(bdb.db, userId, period, 'raw', 200_000, log));
    loadNow();
  }
  const footprint = moduleFootprint();
  const stagesMs = performance.now() - t0;

  const result: Result = {
    startedAt: started.toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    options: { points: POINTS, repeats: REPEATS, exportRepeats: EXPORT_REPEATS, heapCapMb: HEAP_CAP_MB, batch: BATCH, analyze: ANALYZE_MODE, stages: STAGES, server: SERVER_URL.replace(/\/\/[^@]*@/, '//') },
    targets: TARGETS,
    database: bdb.name,
    server: { REPORT_TIMEOUT_MS: String(config.reportTimeoutMs), EXPORT_ROW_LIMIT: String(config.exportRowLimit) },
    load: { observations: loaded.observations, batches: loaded.batches, ingestMs: loaded.ingestMs, wallMs: loadMs, planTotal: loaded.plan.points.total },
    stored,
    range: { from, to, days: period.days },
    exportRows: expected,
    passes,
    footprint,
    exportStages: expStages,
    reportStages: repStages,
    loadAvg: { start: loads[0]!, max: Math.max(...loads), samples: loads },
    durations: { loadMs, stagesMs, totalMs: performance.now() - t00 },
  };
  const text = printResult(result);
  console.log(`\n${text}\n`);
  const file = join(outRoot, `reports-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ ...result, table: text }, null, 2));
  console.log(`Results written to ${file}; report files (first repeat) in ${outDir}/; total ${sec(result.durations.totalMs!)} s`);
}

main()
  .then(cleanup)
  .catch(async (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exitCode = 1;
  });
