/**
 * npm run bench: runs every engine × size as its own child process
 * (bench/phase.ts), collects their JSON, prints the tables with the issue's
 * targets beside the figures, and writes bench/out/results-<timestamp>.json.
 * A benchmark, not a test: it never fails on a timing (exit code 1 only when a
 * phase could not run at all).
 *
 * Options (env): BENCH_SIZES (default "100000,1000000"), BENCH_ENGINES
 * (default "pglite,postgres"), BENCH_REQUESTS (default 100), BENCH_WARMUP (30),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
 * BENCH_PHASE_TIMEOUT_S (900), BENCH_PGLITE=memory (default: a temp data dir),
 * BENCH_ANALYZE (after ingest: app = the app's statistics pass, 1 = ANALYZE all, 0 = none), BENCH_BATCH (50000),
 * BENCH_BASELINE=<git ref> (each phase also run by the app of that commit, in
 * the same run, just before today's: bench/baseline-tree.ts; the issue 11
 * table then shows both and their ratio).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PhaseResult } from './result.js';
import { openBaselineTree, type BaselineTree } from './baseline-tree.js';
import { ms, table, thousands } from './stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const SIZES = (process.env.BENCH_SIZES || '100000,1000000').split(',').map((s) => Number(s.trim()));
const ENGINES = (process.env.BENCH_ENGINES || 'pglite,postgres').split(',').map((s) => s.trim());
const TIMEOUT_S = Number(process.env.BENCH_PHASE_TIMEOUT_S || 900);
for (const s of SIZES) if (!Number.isInteger(s) || s <= 0) throw new Error(`BENCH_SIZES: "${s}" is not a positive whole number`);
for (const e of ENGINES) if (e !== 'pglite' && e !== 'postgres') throw new Error(`BENCH_ENGINES: unknown engine "${e}" (pglite, postgres)`);

const TARGETS = { ingestObsPerSec: 100_000, dashboard2yUncachedP95: 50, dashboard2yCachedP95: 5 };

interface PhaseOutcome {
  /** 'now', or the baseline's short commit. */
  app: string;
  engine: string;
  size: number;
  status: 'ok' | 'failed' | 'timeout';
  exitCode: number | null;
  seconds: number;
  result: PhaseResult | null;
}

function sizeLabel(size: number): string {
  return size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`;
}

function runPhase(engine: string, size: number, baseline: BaselineTree | null = null): Promise<PhaseOutcome> {
  const root = baseline?.root ?? ROOT;
  const app = baseline ? baseline.commit.slice(0, 7) : 'now';
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(root, 'bench', 'phase.ts'), engine, String(size)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let stdout = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      process.stderr.write(`[${engine} ${sizeLabel(size)}] still running after ${TIMEOUT_S} s: stopping it (BENCH_PHASE_TIMEOUT_S)\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    }, TIMEOUT_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      const result = line ? (JSON.parse(line.slice('BENCH_RESULT '.length)) as PhaseResult) : null;
      resolve({
        app,
        engine,
        size,
        status: timedOut ? 'timeout' : result && code === 0 ? 'ok' : 'failed',
        exitCode: code,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        result,
      });
    });
  });
}

function http(r: PhaseResult, endpoint: string, range: string, mode: string) {
  return r.http.find((h) => h.endpoint === endpoint && h.range === range && h.mode === mode);
}

function rssAt(r: PhaseResult, phase: string): string {
  const x = r.rss.find((p) => p.phase === phase);
  return x ? String(x.peakMb) : '—';
}

function report(outcomes: PhaseOutcome[]): string {
  const out: string[] = [];
  const ok = outcomes.filter((o) => o.result).map((o) => o.result!);

  out.push('== Data and ingest (data points counted with SQL after ingest; ingest rate = observations / time inside ingest()) ==');
  out.push(
    table(
      ['engine', 'size', 'status', 'data points', 'posts', 'post_daily', 'user_metrics', 'db MB', 'ingest s', 'obs/s', 'batch p50 ms', 'batch max ms', 'API = generated'],
      outcomes.map((o) => {
        const r = o.result;
        if (!r) return [o.engine, sizeLabel(o.size), `${o.status} after ${o.seconds} s`, '—', '—', '—', '—', '—', '—', '—', '—', '—', '—'];
        return [
          r.engine, sizeLabel(r.size), o.status, thousands(r.stored.dataPoints), thousands(r.stored.platform_posts!), thousands(r.stored.post_daily!),
          thousands(r.stored.user_metrics!), String(r.stored.database_mb), (r.ingest.ms / 1000).toFixed(1), thousands(r.ingest.obsPerSec),
          ms(r.ingest.batchMs.p50), ms(r.ingest.batchMs.max), r.check.ok ? 'yes' : 'NO',
        ];
      }),
    ),
  );

  out.push('');
  out.push('== Peak RSS of the phase process, MB (maxRSS after each step; each engine × size runs in its own process) ==');
  out.push(
    table(
      ['engine', 'size', 'setup', 'ingest', 'http', 'db', 'phase s', 'PGlite initdb process', 'load avg (start/max)'],
      ok.map((r) => [
        r.engine, sizeLabel(r.size), rssAt(r, 'setup'), rssAt(r, 'ingest'), rssAt(r, 'http'), rssAt(r, 'db'), (r.durations.totalMs / 1000).toFixed(1),
        r.pgliteInitPeakRssMb === null ? '—' : `${r.pgliteInitPeakRssMb}`, `${r.loadAtStart.toFixed(1)} / ${Math.max(r.loadAtStart, ...r.rss.map((x) => x.load1)).toFixed(1)}`,
      ]),
    ),
  );
  out.push('(PGlite: initdb + migrations run in a separate short-lived process, so the phase process opens an existing data directory like a restarted server; its peak is the last column)');

  out.push('');
  out.push('== Where ingest time goes: the 5 slowest statements of ingest() per phase (total over all batches) ==');
  out.push(
    table(
      ['engine', 'size', 'total s', 'share', 'calls', 'statement'],
      ok.flatMap((r) =>
        (r.ingest.statements ?? []).slice(0, 5).map((st) => [
          r.engine, sizeLabel(r.size), (st.totalMs / 1000).toFixed(2), `${Math.round((100 * st.totalMs) / r.ingest.ms)}%`, String(st.calls), st.statement.slice(0, 70),
        ]),
      ),
    ),
  );

  const explainedRows = ok.flatMap((r) =>
    (r.ingest.explained ?? []).slice(0, 4).map((e) => [r.engine, sizeLabel(r.size), `${r.ingest.explainedBatch?.platform ?? ''} ${thousands(r.ingest.explainedBatch?.observations ?? 0)}`, ms(e.executionMs), e.statement.slice(0, 70)]),
  );
  if (explainedRows.length > 0) {
    out.push('');
    out.push('== EXPLAIN ANALYZE of one mid-load ingest batch (each statement run in a rolled-back savepoint first; full plans in the JSON under ingest.explained) ==');
    out.push(table(['engine', 'size', 'batch (obs)', 'exec ms', 'statement'], explainedRows));
  }

  out.push('');
  const req = ok[0] ? `${ok[0].requests} sequential requests after ${ok[0].warmup} warm-up` : '';
  out.push(`== HTTP latency, ms (${req}; uncached = cache invalidated before each request, x-cache: miss; cached = x-cache: hit) ==`);
  const rows: string[][] = [];
  for (const r of ok) {
    for (const endpoint of ['dashboard', 'performance', 'growth', 'compare']) {
      for (const range of ['30d', '2y']) {
        const u = http(r, endpoint, range, 'uncached');
        const c = http(r, endpoint, range, 'cached');
        const bad = (u?.wrongCacheHeader ?? 0) + (c?.wrongCacheHeader ?? 0) + (u?.errors ?? 0) + (c?.errors ?? 0);
        rows.push([
          r.engine, sizeLabel(r.size), endpoint, range, ms(u?.latency.p50), ms(u?.latency.p95), ms(c?.latency.p50), ms(c?.latency.p95),
          ((u?.bytes ?? 0) / 1024).toFixed(1), bad ? `${bad} BAD` : 'ok',
        ]);
      }
    }
  }
  out.push(table(['engine', 'size', 'endpoint', 'range', 'uncached p50', 'uncached p95', 'cached p50', 'cached p95', 'body KB', 'x-cache'], rows));

  out.push('');
  out.push('== Uncached requests: where the time goes, p50 ms. Paired: each iteration runs the HTTP request, then the view function, then only its DB reads, ==');
  out.push('== so all three see the same conditions. view = DB reads + JS (no HTTP/auth/cache/JSON); reads = the view\'s queries via the driver; server = EXPLAIN ANALYZE sum ==');
  out.push(
    table(
      ['engine', 'size', 'endpoint', 'range', 'HTTP', 'view', 'DB reads', 'DB server', 'web layer', 'JS in view', 'HTTP / DB reads', 'HTTP / DB server'],
      ok.flatMap((r) =>
        r.db.breakdowns.map((b) => [
          r.engine, sizeLabel(r.size), b.endpoint, b.range, ms(b.http.p50), ms(b.view.p50), ms(b.reads.p50), ms(b.serverMs),
          ms(b.http.p50 - b.view.p50), ms(b.view.p50 - b.reads.p50), `${(b.http.p50 / b.reads.p50).toFixed(1)}×`, `${(b.http.p50 / b.serverMs).toFixed(1)}×`,
        ]),
      ),
    ),
  );

  out.push('');
  out.push('== Response body, 2-year range: JSON.stringify vs the serializer compiled from the route\'s response schema (what reply.serialize runs), paired, p50 ms ==');
  out.push(
    table(
      ['engine', 'size', 'endpoint', 'body KB', 'JSON.stringify', 'schema serializer', 'ratio', 'same JSON'],
      ok.flatMap((r) => (r.serializers ?? []).map((s) => [r.engine, sizeLabel(r.size), s.endpoint, (s.bytes / 1024).toFixed(1), ms(s.jsonStringify.p50), ms(s.schemaSerializer.p50), `${s.speedup.toFixed(2)}×`, s.same ? 'yes' : 'NO'])),
    ),
  );

  out.push('');
  out.push('== Repository queries, 2-year range (driver = direct call incl. row decoding; server = EXPLAIN ANALYZE execution, median of 5) ==');
  out.push(
    table(
      ['engine', 'size', 'query', 'rows', 'driver p50', 'driver p95', 'server', 'planning'],
      ok.flatMap((r) => r.db.queries.filter((q) => q.range === '2y').map((q) => [r.engine, sizeLabel(r.size), q.query, String(q.rows), ms(q.driver.p50), ms(q.driver.p95), ms(q.serverMs), ms(q.planningMs)])),
    ),
  );

  out.push('');
  out.push('== Targets (issue 2: PostgreSQL at 1M data points) ==');
  const targetRows: string[][] = [];
  for (const r of ok) {
    const primary = r.engine === 'postgres' && r.size === 1_000_000;
    const u = http(r, 'dashboard', '2y', 'uncached')?.latency.p95 ?? NaN;
    const c = http(r, 'dashboard', '2y', 'cached')?.latency.p95 ?? NaN;
    const verdict = (v: boolean) => (primary ? (v ? 'MET' : 'MISSED') : v ? '(met)' : '(missed)');
    targetRows.push([r.engine, sizeLabel(r.size), 'ingest obs/s', `≥ ${thousands(TARGETS.ingestObsPerSec)}`, thousands(r.ingest.obsPerSec), verdict(r.ingest.obsPerSec >= TARGETS.ingestObsPerSec)]);
    targetRows.push([r.engine, sizeLabel(r.size), '2y dashboard uncached p95 ms', `≤ ${TARGETS.dashboard2yUncachedP95}`, ms(u), verdict(u <= TARGETS.dashboard2yUncachedP95)]);
    targetRows.push([r.engine, sizeLabel(r.size), '2y dashboard cached p95 ms', `≤ ${TARGETS.dashboard2yCachedP95}`, ms(c), verdict(c <= TARGETS.dashboard2yCachedP95)]);
  }
  out.push(table(['engine', 'size', 'figure', 'target', 'measured', 'verdict'], targetRows));
  if (!ok.some((r) => r.engine === 'postgres' && r.size === 1_000_000)) out.push('(the targets are defined for PostgreSQL at 1M; that phase is not in this run, so the verdicts above are in parentheses, for orientation only)');

  const notes: string[] = [];
  for (const o of outcomes) {
    if (o.status === 'timeout') notes.push(`${o.engine} ${sizeLabel(o.size)}: did not finish within ${TIMEOUT_S} s and was stopped (raise BENCH_PHASE_TIMEOUT_S to let it finish).`);
    if (o.status === 'failed') notes.push(`${o.engine} ${sizeLabel(o.size)}: failed (exit ${o.exitCode}); see its log above.`);
  }
  for (const r of ok) {
    const maxLoad = Math.max(r.loadAtStart, ...r.rss.map((x) => x.load1));
    if (maxLoad > cpus().length) notes.push(`${r.engine} ${sizeLabel(r.size)}: 1-minute load average reached ${maxLoad.toFixed(1)} on ${cpus().length} CPUs: other processes competed for the CPU, so timings are pessimistic and noisy.`);
    if (r.stored.dataPoints !== r.plan.points.total) notes.push(`${r.engine} ${sizeLabel(r.size)}: stored ${r.stored.dataPoints} data points, generated ${r.plan.points.total}.`);
    if (!r.check.ok) notes.push(`${r.engine} ${sizeLabel(r.size)}: API totals differ from the generated data: ${JSON.stringify(r.check)}`);
    if ((r.pgliteInitPeakRssMb ?? 0) > 512) notes.push(`${r.engine} ${sizeLabel(r.size)}: creating the PGlite database (initdb + migrations) alone peaked at ${r.pgliteInitPeakRssMb} MB RSS in its own process; a first start of the server pays this.`);
    const peak = Math.max(...r.rss.map((x) => x.peakMb));
    if (peak > 1024) notes.push(`${r.engine} ${sizeLabel(r.size)}: peak RSS ${peak} MB (over 1 GB).`);
    const unanalyzed = r.tableStatsBeforeQueries.filter((t) => !t.analyzed).map((t) => t.relname);
    const analyzedLater = r.tableStatsAfterQueries.filter((t) => t.analyzed && unanalyzed.includes(t.relname)).map((t) => t.relname);
    if (unanalyzed.length > 0 && !r.analyzedAfterIngest) {
      notes.push(
        `${r.engine} ${sizeLabel(r.size)}: no planner statistics when querying started for ${unanalyzed.join(', ')} (BENCH_ANALYZE=0: nothing analyzed after ingest)` +
          (analyzedLater.length > 0 ? `; autovacuum analyzed ${analyzedLater.join(', ')} while the queries were being measured (plans may have changed mid-run).` : '; none was analyzed by the end of the phase.'),
      );
    }
  }
  if (notes.length > 0) {
    out.push('');
    out.push('== Notes ==');
    out.push(...notes.map((n) => `- ${n}`));
  }
  return out.join('\n');
}

/** Issue 11 item 7's goals: which engine and size each is defined at. */
const GOALS_11 = {
  ingest: { postgres: 150_000, pglite: 100_000, size: 1_000_000 },
  dashboardUncached: { postgres: { ms: 30, size: 10_000_000 }, pglite: { ms: 50, size: 1_000_000 } },
  dashboardCached: { postgres: { ms: 5, size: 10_000_000 } },
  concurrentP99: { pglite: { ms: 1000, size: 1_000_000 } },
};

function loadOf(r: PhaseResult | null): string {
  return r ? `${r.loadAtStart.toFixed(1)}/${Math.max(r.loadAtStart, ...r.rss.map((x) => x.load1)).toFixed(1)}` : '—';
}

/** Each figure of issue 11 item 7 beside its goal, today's app against the baseline's (same run, one phase right after the other). */
function goalsReport(now: PhaseOutcome[], base: PhaseOutcome[]): string {
  const rows: string[][] = [];
  for (const o of now) {
    const r = o.result;
    const b = base.find((x) => x.engine === o.engine && x.size === o.size)?.result ?? null;
    if (!r) continue;
    const engine = r.engine;
    const add = (figure: string, goal: string, definedAt: number | null, value: (x: PhaseResult) => number | undefined, met: (v: number) => boolean, fmt: (v: number) => string) => {
      const v = value(r);
      const bv = b ? value(b) : undefined;
      const applies = definedAt === r.size;
      const verdict = v === undefined || Number.isNaN(v) ? '—' : met(v) ? (applies ? 'MET' : '(met)') : applies ? 'MISSED' : '(missed)';
      rows.push([
        engine, sizeLabel(r.size), figure, goal, bv === undefined ? '—' : fmt(bv), v === undefined ? '—' : fmt(v),
        v !== undefined && bv !== undefined && bv !== 0 ? `${(v / bv).toFixed(2)}×` : '—', verdict, loadOf(b), loadOf(r),
      ]);
    };
    const dash = (mode: 'uncached' | 'cached') => (x: PhaseResult) => http(x, 'dashboard', '2y', mode)?.latency.p95;
    const ingestGoal = GOALS_11.ingest[engine];
    add('ingest obs/s', `≥ ${thousands(ingestGoal)}`, GOALS_11.ingest.size, (x) => x.ingest.obsPerSec, (v) => v >= ingestGoal, thousands);
    const du = GOALS_11.dashboardUncached[engine];
    add('2y dashboard uncached p95 ms', `≤ ${du.ms}`, du.size, dash('uncached'), (v) => v <= du.ms, ms);
    if (engine === 'postgres') {
      const dc = GOALS_11.dashboardCached.postgres;
      add('2y dashboard cached p95 ms', `≤ ${dc.ms}`, dc.size, dash('cached'), (v) => v <= dc.ms, ms);
    }
    const cp = engine === 'pglite' ? GOALS_11.concurrentP99.pglite : { ms: 1000, size: null };
    add(`${r.concurrent?.clients ?? 50} clients, different ranges: p99 ms`, `≤ ${cp.ms}`, cp.size, (x) => x.concurrent?.latency.p99, (v) => v <= cp.ms, ms);
    add('  … requests timed out', '0', cp.size, (x) => x.concurrent?.timeouts, (v) => v === 0, String);
  }
  const out = ['== Issue 11 item 7: goals, today against the baseline measured in the same run (ratio = now ÷ baseline; obs/s: higher is better, ms: lower) =='];
  out.push(table(['engine', 'size', 'figure', 'goal', 'baseline', 'now', 'ratio', 'verdict', 'load base (start/max)', 'load now (start/max)'], rows));
  out.push('(verdicts in parentheses: the goal is defined at another size or engine; shown for orientation. Export memory: bench/export-rss.ts.)');
  return out.join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  process.stderr.write(`Pulseboard benchmark: engines ${ENGINES.join(', ')}; sizes ${SIZES.map(sizeLabel).join(', ')}; ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}\n`);
  const baseline = process.env.BENCH_BASELINE ? openBaselineTree(process.env.BENCH_BASELINE) : null;
  if (baseline) process.stderr.write(`baseline: ${baseline.ref} = ${baseline.commit} in ${baseline.root} (each phase runs there first, then here)\n`);
  const outcomes: PhaseOutcome[] = [];
  const baseOutcomes: PhaseOutcome[] = [];
  try {
    for (const engine of ENGINES) {
      for (const size of SIZES) {
        if (baseline) {
          const b = await runPhase(engine, size, baseline);
          process.stderr.write(`[baseline ${b.app} ${engine} ${sizeLabel(size)}] ${b.status} in ${b.seconds} s\n`);
          baseOutcomes.push(b);
        }
        const o = await runPhase(engine, size);
        process.stderr.write(`[${engine} ${sizeLabel(size)}] ${o.status} in ${o.seconds} s\n`);
        outcomes.push(o);
      }
    }
  } finally {
    baseline?.close();
  }
  const text = [
    report(outcomes),
    ...(baseline ? [`\n######## The baseline (${baseline.ref} = ${baseline.commit}), same run ########\n`, report(baseOutcomes)] : []),
    '',
    goalsReport(outcomes, baseOutcomes),
  ].join('\n');
  console.log(`\n${text}\n`);
  const outDir = join(HERE, 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `results-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
        options: { sizes: SIZES, engines: ENGINES, requests: Number(process.env.BENCH_REQUESTS || 100), timeoutS: TIMEOUT_S },
        targets: TARGETS,
        phases: outcomes,
        baseline: baseline ? { ref: baseline.ref, commit: baseline.commit, phases: baseOutcomes } : null,
        table: text,
      },
      null,
      2,
    ),
  );
  console.log(`Results written to ${file}`);
  if ([...outcomes, ...baseOutcomes].some((o) => o.status === 'failed')) process.exitCode = 1;
}

void main();
