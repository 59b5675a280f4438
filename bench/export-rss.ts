/**
 * Export memory benchmark (issue 11, item 7):  npx tsx bench/export-rss.ts
 *
 * One user with BENCH_POINTS (default 1,000,000) data points on PostgreSQL (the
 * store benchmark's generator and ingest path), the server in a child process
 * (bench/reports/server.ts) so its memory is its own; then GET
 * /analytics/export raw CSV (every snapshot: ~1M rows) BENCH_EXPORT_REPEATS
 * times (default 2), each on the same server. Prints the server's resting RSS,
 * its peak (kernel VmHWM, reset before each request) and the difference beside
 * the goal (≤ 64 MB over resting), with the wall time and rows/s.
 * With BENCH_BASELINE=<git ref> the same is done first by the app of that
 * commit (bench/baseline-tree.ts) on the same data, and the ratios printed.
 * A benchmark, not a test: never fails on a figure.
 *
 * Env: BENCH_BASELINE, BENCH_POINTS, BENCH_EXPORT_REPEATS, BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/test), BENCH_BATCH (50000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod } from '../src/analytics/period.js';
import { exactExportRows } from '../src/db/repositories/bulk-export.js';
import { findUserForLogin } from '../src/db/repositories/users.js';
import { thousands } from './stats.js';
import { Client } from './reports/client.js';
import { createDatabase, loadData } from './reports/load.js';
import { benchExport } from './reports/measure.js';
import { spawnServer } from './reports/proc.js';
import { openBaselineTree, type BaselineTree } from './baseline-tree.js';

const POINTS = Number(process.env.BENCH_POINTS || 1_000_000);
const REPEATS = Number(process.env.BENCH_EXPORT_REPEATS || 2);
const BATCH = Number(process.env.BENCH_BATCH || 50_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const GOAL_MB = 64;

const log = (m: string) => process.stderr.write(`[export-rss] ${m}\n`);
const load1 = () => Math.round(loadavg()[0]! * 10) / 10;

interface Measured {
  label: string;
  restingMb: number;
  runs: { ms: number; overMb: number; peakMb: number; ok: boolean; load: string }[];
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pulseboard-export-rss-'));
  const bdb = await createDatabase(SERVER_URL);
  const baseline: BaselineTree | null = process.env.BENCH_BASELINE ? openBaselineTree(process.env.BENCH_BASELINE) : null;
  const env = { DATABASE_URL: bdb.url, APP_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent', DATA_DIR: join(scratch, 'data') };
  try {
    // The user and the data, through a first server of today's app (the schema is the same at the baseline).
    let server = await spawnServer(env);
    let client = new Client(server.baseUrl);
    const email = `bench-export-${randomBytes(4).toString('hex')}@example.test`;
    const reg = await client.json<{ user: { timezone: string }; token: string }>('POST', '/api/v1/auth/register', {
      email,
      password: 'a long enough benchmark password',
    });
    if (reg.status !== 201) throw new Error(`register: ${reg.status}`);
    const token = reg.data.token;
    // The API names the user by its UUID; the data is planted by the database key.
    const userId = (await findUserForLogin(bdb.db, email))?.id;
    if (userId === undefined) throw new Error('the registered user is not stored');
    const loaded = await loadData(bdb.db, userId, POINTS, BATCH, log);
    const period = parsePeriod({ from: loaded.plan.from2y, to: loaded.plan.today }, reg.data.user.timezone);
    const rows = await exactExportRows(bdb.db, userId, period, 'raw');
    client.close();
    await server.stop();

    const measured: Measured[] = [];
    for (const app of [...(baseline ? [{ label: `baseline ${baseline.commit.slice(0, 7)}`, root: baseline.root }] : []), { label: 'now', root: undefined }]) {
      server = await spawnServer(env, [], app.root);
      client = new Client(server.baseUrl, token);
      try {
        const restingMb = (await server.usage()).rssMb;
        log(`${app.label}: ${thousands(rows)} rows to export; server resting RSS ${restingMb.toFixed(0)} MB; load ${load1()}`);
        const m: Measured = { label: app.label, restingMb, runs: [] };
        for (let i = 1; i <= REPEATS; i++) {
          const run = await benchExport({ client, server, database: bdb.name, period, dir: scratch, load: load1, log }, 'raw', 'csv', i, rows, 'fresh');
          const peakMb = run.serverRss.peakMb ?? run.serverRss.sampledPeakMb;
          m.runs.push({ ms: run.totalMs, overMb: peakMb - restingMb, peakMb, ok: run.check.ok, load: `${run.loadBefore}→${run.loadAfter}` });
        }
        measured.push(m);
      } finally {
        client.close();
        await server.stop();
      }
    }
    const worst = (m: Measured) => ({ overMb: Math.max(...m.runs.map((r) => r.overMb)), ms: Math.min(...m.runs.map((r) => r.ms)) });
    const lines = measured.flatMap((m) =>
      m.runs.map(
        (r, i) =>
          `${m.label.padEnd(17)} #${i + 1}: ${(r.ms / 1000).toFixed(2)} s (${thousands(rows / (r.ms / 1000))} rows/s), RSS resting ${m.restingMb.toFixed(0)} MB, peak ${r.peakMb.toFixed(0)} MB: ` +
          `+${r.overMb.toFixed(0)} MB (goal ≤ ${GOAL_MB}: ${r.overMb <= GOAL_MB ? 'MET' : 'MISSED'}); file ${r.ok ? 'ok' : 'BAD'}; load ${r.load}`,
      ),
    );
    if (measured.length === 2) {
      const [b, n] = measured.map(worst) as [ReturnType<typeof worst>, ReturnType<typeof worst>];
      lines.push(`now / baseline: RSS over resting ${(n.overMb / b.overMb).toFixed(2)}× (${b.overMb.toFixed(0)} → ${n.overMb.toFixed(0)} MB), best export time ${(n.ms / b.ms).toFixed(2)}× (${(b.ms / 1000).toFixed(2)} → ${(n.ms / 1000).toFixed(2)} s)`);
    }
    console.log(`\n== Export memory: raw CSV of ${thousands(rows)} rows (${thousands(POINTS)} data points, PostgreSQL) ==\n${lines.join('\n')}\n`);
  } finally {
    baseline?.close();
    await bdb.drop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
