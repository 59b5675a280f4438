/**
 * An ingest that only appends extends post_daily from the rows in hand
 * (repositories/post-daily-append.ts) instead of rebuilding it. Whatever
 * the batches, the result must be the rebuild's to the last bit: here a
 * seeded history (fractional watch time with several observations a day, so
 * the order of a day's sum shows; likes that go down; first observations
 * after publication; a gauge) goes in as many time slices, in a zone whose
 * clocks fall back across midnight and in a second kept zone, and every cell
 * is then compared with rollups rebuilt from the raw snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST_COUNTERS } from '../src/analytics/catalog.js';
import { appendPostDaily, storedLasts } from '../src/db/repositories/post-daily-append.js';
import { upsertPostSnapshots } from '../src/db/repositories/snapshots.js';
import { buildZone, ensureZone } from '../src/db/repositories/zones.js';
import { ingest } from '../src/ingest/ingest.js';
import type { PostMetricObservation } from '../src/ingest/observations.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { rng } from './helpers/dataset.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

// Havana: clocks go back from 01:00 to 00:00 in November, so that midnight happens twice.
const OWN_TZ = 'America/Havana';
const EXTRA_TZ = 'Asia/Kolkata';
const START = Date.parse('2025-10-28T00:00:00Z');
const HOUR = 3_600_000;

/** A history of 4 posts over 14 days, oldest first. */
function history(seed: number): { posts: { platformPostId: string; publishedAt: Date }[]; metrics: PostMetricObservation[] } {
  const random = rng(seed);
  const posts = [0, 1, 2, 3].map((i) => ({ platformPostId: `p${i}`, publishedAt: new Date(START + i * 31 * HOUR + 7 * 60_000) }));
  const metrics: PostMetricObservation[] = [];
  const value = new Map<string, number>();
  for (let hour = 0; hour < 14 * 24; hour += 1) {
    for (const post of posts) {
      const ms = START + hour * HOUR + Math.floor(random() * 50) * 60_000;
      // First observed some hours after publication (that value belongs to the publish day), then about every 3 hours.
      if (ms < post.publishedAt.getTime() + 5 * HOUR || random() < 0.65) continue;
      for (const metric of ['views', 'likes', 'watch_time_minutes', 'reach'] as const) {
        if (metric === 'likes' && hour < 40) continue; // a metric first reported later than the others
        const key = `${post.platformPostId}\t${metric}`;
        const last = value.get(key) ?? 0;
        const step =
          metric === 'watch_time_minutes' ? Math.round(random() * 1000) / 10 + 0.1
          : metric === 'likes' ? Math.floor(random() * 7) - 2 // likes are taken back too
          : metric === 'reach' ? Math.floor(random() * 50)
          : Math.floor(random() * 400);
        value.set(key, last + step);
        metrics.push({ platformPostId: post.platformPostId, metric, value: last + step, observedAt: new Date(ms) });
      }
    }
  }
  metrics.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  return { posts, metrics };
}

async function rollups(userId: number): Promise<{ postDaily: unknown[]; userMetrics: unknown[] }> {
  const postDaily = await t.db.query(
    `SELECT tz, post_id, day::text, ${POST_COUNTERS.join(', ')}, estimated FROM post_daily WHERE user_id = $1 ORDER BY tz, post_id, day`,
    [userId],
  );
  const userMetrics = await t.db.query(
    `SELECT tz, account_id, day::text, views, likes, watch_time_minutes, followers, estimated FROM user_metrics WHERE user_id = $1 ORDER BY tz, account_id, day`,
    [userId],
  );
  return { postDaily, userMetrics };
}

async function rebuildAll(userId: number): Promise<void> {
  await t.db.transaction(async (tx) => {
    for (const tz of [OWN_TZ, EXTRA_TZ]) await buildZone(tx, userId, tz);
  });
}

describe('post_daily extended by appended observations', () => {
  it('equals the rollups rebuilt from the raw snapshots, cell for cell, whatever the slices', async () => {
    for (const seed of [11, 12]) {
      const userId = await makeUser(t.db, OWN_TZ);
      const accountId = await makeAccount(t.db, userId, 'youtube');
      await ensureZone(t.db, userId, EXTRA_TZ, OWN_TZ);
      const { posts, metrics } = history(seed);
      await ingest(t.db, { userId, accountId, source: 'test', posts });
      // Time slices of random length, each shuffled (a batch need not be in order).
      const random = rng(seed * 7);
      let appendedBatches = 0;
      for (let i = 0; i < metrics.length; ) {
        const slice = metrics.slice(i, (i += 1 + Math.floor(random() * 120)));
        for (let j = slice.length - 1; j > 0; j -= 1) {
          const k = Math.floor(random() * (j + 1));
          [slice[j], slice[k]] = [slice[k]!, slice[j]!];
        }
        await ingest(t.db, { userId, accountId, source: 'test', postMetrics: slice });
        appendedBatches += 1;
      }
      expect(appendedBatches).toBeGreaterThan(20);
      const extended = await rollups(userId);
      expect(extended.postDaily.length).toBeGreaterThan(100);
      // Several observations of a fractional metric on one day: the order of the day's sum matters.
      const [crowded] = await t.db.query<{ n: number }>(
        `SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM post_snapshots WHERE user_id = $1 AND metric = 'watch_time_minutes'
         GROUP BY post_id, (observed_at AT TIME ZONE $2)::date) c`,
        [userId, OWN_TZ],
      );
      expect(crowded!.n).toBeGreaterThanOrEqual(4);

      await rebuildAll(userId);
      const rebuilt = await rollups(userId);
      expect(extended.postDaily).toEqual(rebuilt.postDaily);
      expect(extended.userMetrics).toEqual(rebuilt.userMetrics);
    }
  });

  it('extends the days of a batch written in several steps (a batch larger than one COPY) as the rebuild would', async () => {
    const userId = await makeUser(t.db, OWN_TZ);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ensureZone(t.db, userId, EXTRA_TZ, OWN_TZ);
    const { posts, metrics } = history(13);
    await ingest(t.db, { userId, accountId, source: 'test', posts });
    // A tenth first, so some series follow stored rows; the rest still has small values, whose changes
    // differ in magnitude, so the order of a day's sum shows in its last bits.
    const half = Math.floor(metrics.length / 10);
    await ingest(t.db, { userId, accountId, source: 'test', postMetrics: metrics.slice(0, half) });
    const ids = new Map((await t.db.query<{ id: number; platform_post_id: string }>('SELECT id, platform_post_id FROM platform_posts WHERE user_id = $1', [userId])).map((r) => [r.platform_post_id, r.id]));
    const rows = metrics.slice(half).map((m) => ({ postId: ids.get(m.platformPostId)!, metric: m.metric, observedAt: m.observedAt, value: m.value }));
    await t.db.transaction(async (tx) => {
      // Steps of 7 rows: one (post, metric) comes back as several appended series, each following the last.
      const changes = await upsertPostSnapshots(tx, userId, 'test', rows, 7);
      expect(changes.appended.size).toBe(posts.length);
      expect([...changes.appended.values()].some((list) => new Set(list.map((s) => s.metric)).size < list.length)).toBe(true);
      const stored = await storedLasts(tx, userId, changes.appended);
      for (const tz of [OWN_TZ, EXTRA_TZ]) await appendPostDaily(tx, userId, tz, accountId, changes.appended, stored);
    });
    const extended = await rollups(userId);
    await rebuildAll(userId);
    expect(extended.postDaily).toEqual((await rollups(userId)).postDaily);
  });

  it('adds to a day that already holds changes, and a revised observation in the same batch rebuilds its post', async () => {
    const userId = await makeUser(t.db, OWN_TZ);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    const publishedAt = new Date('2025-11-02T06:00:00Z'); // 2 Nov, 01:00 in Havana (after the clocks went back)
    await ingest(t.db, { userId, accountId, source: 'test', posts: [{ platformPostId: 'a', publishedAt }, { platformPostId: 'b', publishedAt }] });
    const obs = (post: string, iso: string, value: number): PostMetricObservation => ({ platformPostId: post, metric: 'watch_time_minutes', value, observedAt: new Date(iso) });
    await ingest(t.db, { userId, accountId, source: 'test', postMetrics: [obs('a', '2025-11-03T14:00:00Z', 0.1), obs('b', '2025-11-03T14:00:00Z', 0.1)] });
    await ingest(t.db, { userId, accountId, source: 'test', postMetrics: [obs('a', '2025-11-03T15:00:00Z', 0.3), obs('b', '2025-11-03T15:00:00Z', 0.3)] });
    // a only appends; b also revises its 14:00 value, so b is rebuilt.
    await ingest(t.db, {
      userId, accountId, source: 'test',
      postMetrics: [obs('a', '2025-11-03T16:00:00Z', 0.6), obs('b', '2025-11-03T14:00:00Z', 0.2), obs('b', '2025-11-03T16:00:00Z', 0.6)],
    });
    const days = await t.db.query<{ platform_post_id: string; day: string; watch_time_minutes: number; estimated: boolean }>(
      `SELECT p.platform_post_id, d.day::text, d.watch_time_minutes, d.estimated FROM post_daily d JOIN platform_posts p ON p.id = d.post_id
       WHERE d.user_id = $1 ORDER BY 1, 2`,
      [userId],
    );
    // Independently: a's first value 0.1 on the publish day (2 Nov local); 3 Nov = (0.3 − 0.1) + (0.6 − 0.3), added in that order.
    // b's first value is now 0.2 on 2 Nov; 3 Nov = (0.3 − 0.2) + (0.6 − 0.3).
    expect(days).toEqual([
      { platform_post_id: 'a', day: '2025-11-02', watch_time_minutes: 0.1, estimated: true },
      { platform_post_id: 'a', day: '2025-11-03', watch_time_minutes: (0.3 - 0.1) + (0.6 - 0.3), estimated: false },
      { platform_post_id: 'b', day: '2025-11-02', watch_time_minutes: 0.2, estimated: true },
      { platform_post_id: 'b', day: '2025-11-03', watch_time_minutes: (0.3 - 0.2) + (0.6 - 0.3), estimated: false },
    ]);
  });
});
