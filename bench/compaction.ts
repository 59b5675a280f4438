/**
 * Size reduction and cost of the compaction job (src/jobs/handlers/compaction.ts)
 * on the benchmark's data: one user, four accounts, BENCH_SIZE data points
 * (default 1M) over the two years ending now (bench/generate.ts: young posts
 * read hourly, year-old ones about weekly), ingested through src/ingest.
 *
 * The same database is compacted at horizons of 730 days (the default: the
 * plan's data is just inside it, so next to nothing is old enough), 365 days
 * (the older year is past the horizon) and 30 days, each run followed by a
 * second one (what a periodic run costs once the data is compacted). Printed
 * per step: raw snapshot rows and bytes on disk (tables, indexes, TOAST) before
 * and after, per table, and the time each run took. Bytes of a partition only
 * shrink when its whole year is before the cutoff (rewritten); elsewhere the
 * space is vacuumed for reuse by later inserts into the same table.
 *
 *   npx tsx bench/compaction.ts                                   # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/compaction.ts
 */
import { snapshotTableSizes, type SnapshotTableSize } from '../src/db/repositories/compaction.js';
import { refreshStatistics } from '../src/db/statistics.js';
import { compactSnapshots } from '../src/jobs/handlers/compaction.js';
import { loadPlan, scratchDb } from './scratch-db.js';

const size = Number(process.env.BENCH_SIZE ?? 1_000_000);
const HORIZONS = [730, 365, 30];

const total = (sizes: SnapshotTableSize[]) => sizes.reduce((a, s) => ({ rows: a.rows + s.rows, bytes: a.bytes + s.bytes }), { rows: 0, bytes: 0 });
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const scratch = await scratchDb();
const { db } = scratch;
try {
  const started = performance.now();
  const { plan } = await loadPlan(db, size, 'UTC');
  await refreshStatistics(db);
  console.log(`${db.engine}: ${plan.points.total} data points loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const first = await snapshotTableSizes(db);
  console.log(`raw snapshots before: ${total(first).rows} rows, ${mb(total(first).bytes)} MB — ${first.map((s) => `${s.table} ${s.rows} rows ${mb(s.bytes)} MB`).join(', ')}`);
  for (const horizon of HORIZONS) {
    const before = await snapshotTableSizes(db);
    const run = await compactSnapshots(db, horizon, new Date());
    const after = await snapshotTableSizes(db);
    const again = await compactSnapshots(db, horizon, new Date());
    const b = total(before);
    const a = total(after);
    console.log(
      `horizon ${horizon} d (cutoff ${run.cutoff.toISOString().slice(0, 10)}): rows ${b.rows} → ${a.rows} (${(b.rows / Math.max(1, a.rows)).toFixed(2)}×), ` +
        `bytes ${mb(b.bytes)} → ${mb(a.bytes)} MB (${(b.bytes / Math.max(1, a.bytes)).toFixed(2)}×), run ${run.seconds.toFixed(1)} s, ` +
        `next run ${again.seconds.toFixed(1)} s deleting ${Object.values(again.deleted).reduce((x, y) => x + y, 0)} rows`,
    );
    for (const s of after) {
      const was = before.find((x) => x.table === s.table);
      if (was && was.rows !== s.rows) console.log(`  ${s.table}: ${was.rows} → ${s.rows} rows, ${mb(was.bytes)} → ${mb(s.bytes)} MB`);
    }
  }
} finally {
  await scratch.drop();
}
