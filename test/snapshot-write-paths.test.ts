/**
 * The two write paths of post snapshots (repositories/snapshots.ts): rows
 * newer than everything stored go in by COPY, the rest by INSERT … ON
 * CONFLICT. Whatever path a row takes, what is stored is exactly what was
 * sent, the later of two rows for one instant wins, and re-ingesting changes
 * nothing. Expectations are written out by hand from the observations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPostSnapshots } from '../src/db/repositories/snapshots.js';
import { ingest } from '../src/ingest/ingest.js';
import type { PostMetricObservation } from '../src/ingest/observations.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { at, makeAccount, makeUser } from './helpers/fixtures.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

interface Stored {
  metric: string;
  observed_at: string;
  value: number;
  source: string;
}

async function stored(userId: number): Promise<Stored[]> {
  const rows = await t.db.query<{ metric: string; observed_at: Date; value: number; source: string }>(
    'SELECT metric, observed_at, value, source FROM post_snapshots WHERE user_id = $1 ORDER BY metric, observed_at',
    [userId],
  );
  return rows.map((r) => ({ ...r, observed_at: new Date(r.observed_at).toISOString() }));
}

async function dailyViews(userId: number): Promise<[string, number | null][]> {
  const rows = await t.db.query<{ day: string; views: number | null }>('SELECT day::text, views FROM post_daily WHERE user_id = $1 ORDER BY day', [userId]);
  return rows.map((r) => [r.day, r.views]);
}

const views = (value: number, iso: string): PostMetricObservation => ({ platformPostId: 'p', metric: 'views', value, observedAt: at(iso) });

describe('post snapshot writes', () => {
  it('stores values to the last bit, instants to the millisecond and any source text exactly', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    // A source with every character the COPY text format must escape, and values a lossy encoding would change
    // (minutes watched: a metric that may have a fraction, catalog.ts FRACTIONAL_METRICS).
    const source = 'import:a\tb\\c\nd\re ✓';
    const values = [0.1 + 0.2, 1 / 3, 1e21, 5e-324, -(2 ** 40) / 3, 2 ** 53 - 1];
    const instants = ['2026-03-01T00:00:00.001Z', '2026-03-01T10:15:30.123Z', '2026-03-02T23:59:59.999Z', '2026-03-03T00:00:00.000Z', '2026-03-04T12:00:00.500Z', '2026-03-05T01:02:03.004Z'];
    await ingest(t.db, {
      userId, accountId, source,
      posts: [{ platformPostId: 'p', publishedAt: at('2026-02-28T00:00:00Z') }],
      postMetrics: values.map((v, i) => ({ platformPostId: 'p', metric: 'watch_time_minutes', value: v, observedAt: at(instants[i]!) })),
    });
    expect(await stored(userId)).toEqual(values.map((v, i) => ({ metric: 'watch_time_minutes', observed_at: instants[i], value: v, source })));
  });

  it('splits one batch into appended and revised rows: an older instant is inserted, a changed value updated, a newer one appended', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ingest(t.db, {
      userId, accountId, source: 'first',
      posts: [{ platformPostId: 'p', publishedAt: at('2026-04-01T00:00:00Z') }],
      postMetrics: [views(100, '2026-04-02T12:00:00Z'), views(300, '2026-04-04T12:00:00Z')],
    });
    const outcome = await ingest(t.db, {
      userId, accountId, source: 'second',
      postMetrics: [
        views(180, '2026-04-03T12:00:00Z'), // older than the latest stored: ON CONFLICT, inserted
        views(320, '2026-04-04T12:00:00Z'), // the latest stored instant, new value: ON CONFLICT, updated
        views(400, '2026-04-05T12:00:00Z'), // newer: COPY
      ],
    });
    expect(outcome.changed).toBe(true);
    expect(await stored(userId)).toEqual([
      { metric: 'views', observed_at: '2026-04-02T12:00:00.000Z', value: 100, source: 'first' },
      { metric: 'views', observed_at: '2026-04-03T12:00:00.000Z', value: 180, source: 'second' },
      { metric: 'views', observed_at: '2026-04-04T12:00:00.000Z', value: 320, source: 'second' },
      { metric: 'views', observed_at: '2026-04-05T12:00:00.000Z', value: 400, source: 'second' },
    ]);
    // Rebuilt from the earliest changed instant (04-03), so 04-03 and 04-04 are split anew.
    expect(await dailyViews(userId)).toEqual([
      ['2026-04-01', 100],
      ['2026-04-03', 80],
      ['2026-04-04', 140],
      ['2026-04-05', 80],
    ]);
    const again = await ingest(t.db, {
      userId, accountId, source: 'second',
      postMetrics: [views(180, '2026-04-03T12:00:00Z'), views(320, '2026-04-04T12:00:00Z'), views(400, '2026-04-05T12:00:00Z')],
    });
    expect(again.changed).toBe(false);
    expect(again.days).toEqual([]);
  });

  it('takes a batch in any order, and the later of two rows for one instant wins', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ingest(t.db, {
      userId, accountId, source: 'test',
      posts: [{ platformPostId: 'p', publishedAt: at('2026-05-01T00:00:00Z') }],
      postMetrics: [
        views(50, '2026-05-04T09:00:00Z'),
        views(10, '2026-05-02T09:00:00Z'),
        views(30, '2026-05-03T09:00:00Z'),
        views(35, '2026-05-03T09:00:00Z'), // same instant again: this one counts
        { platformPostId: 'p', metric: 'likes', value: 2, observedAt: at('2026-05-02T09:00:00Z') },
      ],
    });
    expect((await stored(userId)).map((r) => [r.metric, r.observed_at.slice(0, 10), r.value])).toEqual([
      ['likes', '2026-05-02', 2],
      ['views', '2026-05-02', 10],
      ['views', '2026-05-03', 35],
      ['views', '2026-05-04', 50],
    ]);
    expect(await dailyViews(userId)).toEqual([
      ['2026-05-01', 10],
      ['2026-05-03', 25],
      ['2026-05-04', 15],
    ]);
  });

  it('gives the same rows and the same earliest change when a batch is written in many small steps', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ingest(t.db, { userId, accountId, source: 'test', posts: [{ platformPostId: 'p', publishedAt: at('2026-06-01T00:00:00Z') }] });
    const [post] = await t.db.query<{ id: number }>('SELECT id FROM platform_posts WHERE user_id = $1', [userId]);
    const row = (value: number, iso: string) => ({ postId: post!.id, metric: 'views', observedAt: at(iso), value });
    // Steps of two rows: the repeated instant and the older row land in later steps than what they revise.
    const changes = await t.db.transaction((tx) =>
      upsertPostSnapshots(tx, userId, 'test', [
        row(10, '2026-06-02T00:00:00Z'),
        row(30, '2026-06-04T00:00:00Z'),
        row(20, '2026-06-03T00:00:00Z'),
        row(31, '2026-06-04T00:00:00Z'),
        row(5, '2026-06-01T12:00:00Z'),
      ], 2),
    );
    expect([...changes.since]).toEqual([[post!.id, '2026-06-01T12:00:00.000Z']]);
    // Older rows were inserted (revised path), so the post's daily rollup must be rebuilt, not extended.
    expect(changes.appended.has(post!.id)).toBe(false);
    expect((await stored(userId)).map((r) => [r.observed_at, r.value])).toEqual([
      ['2026-06-01T12:00:00.000Z', 5],
      ['2026-06-02T00:00:00.000Z', 10],
      ['2026-06-03T00:00:00.000Z', 20],
      ['2026-06-04T00:00:00.000Z', 31],
    ]);
  });
});
