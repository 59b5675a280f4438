/** The statistics job: which tables it analyzes, and that ANALYZE really happened (pg_class, pg_stats). */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { refreshStatistics, staleTables, tablesWithDeadRows } from '../src/db/statistics.js';
import { STATISTICS_AFTER_INGEST, dbStatisticsHandler } from '../src/jobs/handlers/db-statistics.js';
import { createRuntime } from '../src/runtime.js';
import { ingest } from '../src/ingest/ingest.js';
import { makeDataset } from './helpers/dataset.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { eventually } from './helpers/eventually.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

async function loadUser(seed: number, days: number) {
  const userId = await makeUser(t.db);
  for (const [platform, batch] of makeDataset(seed, new Date('2026-05-31T18:00:00Z'), days).batches) {
    const accountId = await makeAccount(t.db, userId, platform);
    await ingest(t.db, { ...batch, userId, accountId });
  }
}

async function snapshotPartitionsAnalyzed(): Promise<boolean> {
  const rows = await t.db.query<{ reltuples: number }>(
    `SELECT c.reltuples FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'post_snapshots'::regclass AND pg_relation_size(c.oid) > 0`,
  );
  return rows.length > 0 && rows.every((r) => Number(r.reltuples) > 0);
}

describe('planner statistics', () => {
  it('analyzes tables never analyzed, through the partitioned parent, and then nothing until they grow', async () => {
    await loadUser(5, 60);
    const stale = await staleTables(t.db);
    // The snapshots are named by their parent, never partition by partition.
    expect(stale).toEqual(expect.arrayContaining(['post_snapshots', 'post_daily', 'user_metrics', 'content_performance', 'platform_posts']));
    expect(stale.some((name) => name.startsWith('post_snapshots_'))).toBe(false);
    expect(await snapshotPartitionsAnalyzed()).toBe(false);

    expect(await refreshStatistics(t.db)).toEqual(stale);
    expect(await snapshotPartitionsAnalyzed()).toBe(true);
    const [parent] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'post_snapshots' AND attname = 'observed_at'`,
    );
    expect(parent!.n).toBeGreaterThan(0);
    expect(await staleTables(t.db)).toEqual([]);
    expect(await refreshStatistics(t.db)).toEqual([]);

    // A second, larger user more than doubles the data: stale again.
    await loadUser(6, 150);
    expect(await staleTables(t.db)).toEqual(expect.arrayContaining(['post_snapshots', 'post_daily']));
  });
});

describe('after an ingest', () => {
  it('the app analyzes the new data once the batches settle, not at its next 5-minute pass', async () => {
    const own = await createTestDb();
    const runtime = await createRuntime(loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused' }), own.db, { log: pino({ level: 'silent' }), work: true });
    try {
      await runtime.queue.idle(); // the passes every process runs at start
      const userId = await makeUser(own.db);
      const [platform, batch] = [...makeDataset(7, new Date('2026-05-31T18:00:00Z'), 60).batches][0]!;
      const accountId = await makeAccount(own.db, userId, platform);
      const loaded = Date.now();
      await runtime.services.ingest({ ...batch, userId, accountId });
      const written = await staleTables(own.db);
      expect(written).toEqual(expect.arrayContaining(['post_snapshots', 'user_metrics']));
      // The tables the ingest wrote. Other jobs the ingest queues write too, at their own times (the insights
      // refresh at the next 30-second boundary, so up to 30 s later): a table they write after this pass waits
      // for the next one, and is not what this test is about.
      await eventually(
        async () => ((await staleTables(own.db)).some((table) => written.includes(table)) ? undefined : true),
        STATISTICS_AFTER_INGEST.delayMs + 20_000,
        'the statistics pass after the ingest',
      );
      expect(Date.now() - loaded).toBeGreaterThanOrEqual(STATISTICS_AFTER_INGEST.delayMs - 100);
    } finally {
      await runtime.close();
      await own.close();
    }
  }, 60_000);
});

describe('dead rows', () => {
  // The statistics counters of a server reach pg_stat_user_tables within seconds, not at once.
  const vacuumsOf = async (db: TestDb['db'], table: string) =>
    (await db.query<{ n: number }>('SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relname = $1', [table]))[0]?.n ?? 0;

  it('the statistics job vacuums a rollup rewritten in place (PGlite has no autovacuum), and leaves tables without dead rows alone', async () => {
    const own = await createTestDb();
    try {
      const userId = await makeUser(own.db);
      const [platform, batch] = [...makeDataset(8, new Date('2026-05-31T18:00:00Z'), 60).batches][0]!;
      const accountId = await makeAccount(own.db, userId, platform);
      await ingest(own.db, { ...batch, userId, accountId });
      // Every account-day rewritten twice, as two rebuilds from the first day would: each row leaves two dead versions.
      for (let i = 0; i < 2; i++) await own.db.query('UPDATE user_metrics SET views = views WHERE user_id = $1', [userId]);
      await eventually(async () => ((await tablesWithDeadRows(own.db)).includes('user_metrics') ? true : undefined), 20_000, 'the dead rows counted');
      const before = { userMetrics: await vacuumsOf(own.db, 'user_metrics'), posts: await vacuumsOf(own.db, 'platform_posts') };

      await dbStatisticsHandler(own.db, { info: () => undefined })({} as never);

      await eventually(async () => ((await vacuumsOf(own.db, 'user_metrics')) > before.userMetrics ? true : undefined), 20_000, 'the vacuum counted');
      await eventually(async () => ((await tablesWithDeadRows(own.db)).includes('user_metrics') ? undefined : true), 20_000, 'no dead rows left');
      // platform_posts is only inserted into: nothing to remove, no VACUUM.
      expect(await vacuumsOf(own.db, 'platform_posts')).toBe(before.posts);
      // The data is what it was.
      const [row] = await own.db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_metrics WHERE user_id = $1', [userId]);
      expect(row!.n).toBeGreaterThanOrEqual(60);
    } finally {
      await own.close();
    }
  }, 60_000);
});
