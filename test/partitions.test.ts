/** Concurrent first ingests into a year without a partition both succeed (PostgreSQL has real concurrency). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/ingest.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe('snapshot partitions', () => {
  it('are created once when several users ingest into a new year at the same time', async () => {
    const batches = [];
    for (let i = 0; i < 6; i++) {
      const userId = await makeUser(t.db);
      const accountId = await makeAccount(t.db, userId, 'tiktok');
      batches.push({
        userId, accountId, source: 'test',
        posts: [{ platformPostId: `p${i}`, publishedAt: new Date('2031-03-01T00:00:00Z') }],
        postMetrics: [{ platformPostId: `p${i}`, metric: 'views' as const, value: 10 + i, observedAt: new Date('2031-03-02T00:00:00Z') }],
      });
    }
    const results = await Promise.allSettled(batches.map((b) => ingest(t.db, b)));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(Array(6).fill('ok'));
    const [row] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM post_snapshots WHERE observed_at >= '2031-01-01'");
    expect(row!.n).toBe(6);
  });
});
