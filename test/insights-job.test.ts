/**
 * The insights-refresh job after ingest: a sync of 50 chunks (50 ingests that
 * each stored new data) leads to one refresh per debounce window, not 50, and
 * the rows it writes cover every chunk. A refresh replaces only its own user's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCache } from '../src/cache/cache.js';
import type { Db } from '../src/db/client.js';
import { currentInsights } from '../src/db/repositories/insights.js';
import { createIngest } from '../src/ingest/create-ingest.js';
import { refreshInsights } from '../src/insights/refresh.js';
import { enqueueInsightsRefresh, insightsRefreshHandler } from '../src/jobs/handlers/insights-refresh.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import { enqueueAfterCommit } from '../src/services.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';
import { batchOf, plantPosts } from './insights-fixtures.js';

const DEBOUNCE_MS = 4000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(async () => {
  await t?.close();
});

describe('insights-refresh after ingest', () => {
  it('runs once per user and debounce window, after the chunks, and writes rows covering all of them', { timeout: 120_000 }, async () => {
    const end = new Date();
    const userId = await makeUser(db, 'UTC');
    const accountId = await makeAccount(db, userId, 'youtube');
    const queue = inProcessQueue();
    const cache = memoryCache(60);
    const handler = insightsRefreshHandler(db, cache);
    const runs: number[] = [];
    await queue.start({ 'insights-refresh': async (p) => { runs.push(p.userId); await handler(p); } }, 2);
    const ingest = createIngest(db, { afterCommit: [enqueueAfterCommit((id) => enqueueInsightsRefresh(queue, id, DEBOUNCE_MS))] });

    const posts = plantPosts({ seed: 61, count: 50, end, days: 100 });
    const started = Date.now();
    for (const post of posts) await ingest({ ...batchOf([post], end), userId, accountId });
    const elapsed = Date.now() - started;
    // After the last window closes and its job has run.
    await sleep(DEBOUNCE_MS + 300);
    await queue.idle();
    const windows = Math.ceil(elapsed / DEBOUNCE_MS) + 1;
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(windows);
    expect(runs.length).toBeLessThan(posts.length / 5);
    expect(new Set(runs)).toEqual(new Set([userId]));

    const rows = await currentInsights(db, userId, new Date());
    const bestTime = rows.find((r) => r.insight_type === 'best_time' && r.platform === 'youtube');
    expect(bestTime?.sample_size).toBe(50);
    // One run's rows: one generated_at.
    expect(new Set(rows.map((r) => r.generated_at.toISOString())).size).toBe(1);
    await queue.close();
    await cache.close();
  });

  it('an ingest that stores nothing new does not enqueue', async () => {
    const end = new Date();
    const userId = await makeUser(db, 'UTC');
    const accountId = await makeAccount(db, userId, 'tiktok');
    const asked: number[] = [];
    const ingest = createIngest(db, { afterCommit: [enqueueAfterCommit(async (id) => void asked.push(id))] });
    const batch = batchOf(plantPosts({ seed: 62, count: 3, end, days: 30 }), end);
    await ingest({ ...batch, userId, accountId });
    await ingest({ ...batch, userId, accountId });
    expect(asked).toEqual([userId]);
  });

  it('a refresh replaces only its own user\'s rows', async () => {
    const end = new Date();
    const [a, b] = [await makeUser(db, 'UTC'), await makeUser(db, 'UTC')];
    const ingest = createIngest(db);
    for (const [user, seed] of [[a, 71], [b, 72]] as const) {
      await ingest({ ...batchOf(plantPosts({ seed, count: 30, end, days: 90 }), end), userId: user, accountId: await makeAccount(db, user, 'instagram') });
    }
    await refreshInsights(db, b);
    const before = (await currentInsights(db, b, new Date())).map((r) => r.id);
    expect(before.length).toBeGreaterThan(0);
    await refreshInsights(db, a);
    await refreshInsights(db, a);
    expect((await currentInsights(db, b, new Date())).map((r) => r.id)).toEqual(before);
    const rowsA = await currentInsights(db, a, new Date());
    expect(rowsA.length).toBeGreaterThan(0);
    expect(rowsA.every((r) => !before.includes(r.id))).toBe(true);
  });
});
