/**
 * Time to recompute every insight of one user (the insights-refresh job:
 * src/insights/refresh.ts, every kind of INSIGHT_KINDS, rows replaced in one
 * transaction) on the benchmark's data: one user, four accounts, BENCH_SIZE
 * data points over two years (bench/generate.ts), ingested through src/ingest.
 * Goal (issue 8): ≤ 2 s with 1,000,000 data points on PostgreSQL.
 *
 * Baseline, measured in the same run on the same database: one plain read of
 * all of the user's post data points (count and sum over post_snapshots), so
 * the figure can be read as "so many full reads of the data".
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_SIZE=1000000 npx tsx bench/insights.ts
 *   npx tsx bench/insights.ts                                   # PGlite in memory, 100k points
 */
import { refreshStatistics } from '../src/db/statistics.js';
import { refreshInsights } from '../src/insights/refresh.js';
import { summarize, table } from './stats.js';
import { loadPlan, scratchDb } from './scratch-db.js';

const GOAL_MS = 2000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const size = Number(process.env.BENCH_SIZE ?? 100_000);
const scratch = await scratchDb();
const { db } = scratch;
try {
  const loadStarted = performance.now();
  const { plan, user } = await loadPlan(db, size, 'Europe/Berlin');
  await refreshStatistics(db);
  process.stderr.write(`loaded ${plan.points.total} points in ${Math.round((performance.now() - loadStarted) / 1000)} s\n`);

  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const baseline = () => db.query('SELECT count(*), sum(value) FROM post_snapshots WHERE user_id = $1', [user.id]);
  // One warm-up of each, left out.
  await baseline();
  const first = await refreshInsights(db, user.id);
  const refresh: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await time(baseline));
    refresh.push(await time(() => refreshInsights(db, user.id)));
  }
  const r = summarize(refresh);
  const b = summarize(base);
  const rows = await db.query<{ insight_type: string; platform: string | null; confidence_score: number; sample_size: number }>(
    'SELECT insight_type, platform, confidence_score, sample_size FROM platform_insights WHERE user_id = $1 ORDER BY insight_type, platform',
    [user.id],
  );
  const engine = db.engine;
  console.log(`\nInsights recompute, one user, ${plan.points.total.toLocaleString('en-US')} data points, ${engine}, ${RUNS} runs after a warm-up\n`);
  console.log(
    table(
      ['', 'median ms', 'p95 ms', 'max ms', 'goal', 'ratio to baseline (median)'],
      [
        ['recompute every insight', r.p50.toFixed(0), r.p95.toFixed(0), r.max.toFixed(0), `≤ ${GOAL_MS} ms${r.p95 <= GOAL_MS ? ' (met)' : ' (NOT met)'}`, (r.p50 / b.p50).toFixed(2)],
        ['baseline: one read of all post data points', b.p50.toFixed(0), b.p95.toFixed(0), b.max.toFixed(0), '', '1.00'],
      ],
    ),
  );
  console.log(`\n${first.records} records: ${rows.map((x) => `${x.insight_type}/${x.platform ?? 'all'} (n=${x.sample_size}, conf ${x.confidence_score})`).join(', ')}`);
} finally {
  await scratch.drop();
}
