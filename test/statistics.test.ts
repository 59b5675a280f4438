/** The statistics job: which tables it analyzes, and that ANALYZE really happened (pg_class, pg_stats). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStatistics, staleTables } from '../src/db/statistics.js';
import { ingest } from '../src/ingest/ingest.js';
import { makeDataset } from './helpers/dataset.js';
import { createTestDb, type TestDb } from './helpers/db.js';
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
