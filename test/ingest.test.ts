/**
 * Metric maths of ingestion and rollups, checked against expectations
 * computed by hand from the observations in each test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/ingest.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { at, makeAccount, makeUser } from './helpers/fixtures.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

async function postDaily(userId: number) {
  return t.db.query<{ day: string; views: number | null; likes: number | null; saves: number | null; estimated: boolean }>(
    'SELECT day::text, views, likes, saves, estimated FROM post_daily WHERE user_id = $1 ORDER BY day',
    [userId],
  );
}

describe('ingest', () => {
  it('attributes the first-seen lifetime value to the publish day and later growth to the day observed', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ingest(t.db, {
      userId, accountId, source: 'test',
      posts: [{ platformPostId: 'v1', publishedAt: at('2026-03-01T10:00:00Z'), caption: 'Hello #World #world #Tips' }],
      postMetrics: [
        { platformPostId: 'v1', metric: 'views', value: 1000, observedAt: at('2026-03-05T12:00:00Z') },
        { platformPostId: 'v1', metric: 'likes', value: 50, observedAt: at('2026-03-05T12:00:00Z') },
      ],
    });
    await ingest(t.db, {
      userId, accountId, source: 'test',
      postMetrics: [
        { platformPostId: 'v1', metric: 'views', value: 1300, observedAt: at('2026-03-06T08:00:00Z') },
        { platformPostId: 'v1', metric: 'likes', value: 48, observedAt: at('2026-03-06T08:00:00Z') }, // unlikes: negative delta
        { platformPostId: 'v1', metric: 'views', value: 1450, observedAt: at('2026-03-06T20:00:00Z') },
        { platformPostId: 'v1', metric: 'likes', value: 60, observedAt: at('2026-03-06T20:00:00Z') },
      ],
    });
    expect(await postDaily(userId)).toEqual([
      { day: '2026-03-01', views: 1000, likes: 50, saves: null, estimated: true },
      { day: '2026-03-06', views: 450, likes: 10, saves: null, estimated: false },
    ]);
    const [cp] = await t.db.query<{ views: number; likes: number; engagement: number; engagement_rate: number }>(
      'SELECT views, likes, engagement, engagement_rate FROM content_performance WHERE user_id = $1',
      [userId],
    );
    expect(cp).toEqual({ views: 1450, likes: 60, engagement: 60, engagement_rate: 4.14 });
    const [post] = await t.db.query<{ hashtags: string[] }>('SELECT hashtags FROM platform_posts WHERE user_id = $1', [userId]);
    expect(post!.hashtags).toEqual(['world', 'tips']);
  });

  it('keeps negative deltas and sums of daily activity equal to the latest lifetime value', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'instagram');
    const values = [500, 520, 515, 600, 590, 640];
    await ingest(t.db, {
      userId, accountId, source: 'test',
      posts: [{ platformPostId: 'p1', publishedAt: at('2026-01-01T00:00:00Z') }],
      postMetrics: values.map((v, i) => ({ platformPostId: 'p1', metric: 'saves' as const, value: v, observedAt: new Date(Date.UTC(2026, 0, 2 + i, 9)) })),
    });
    const rows = await postDaily(userId);
    expect(rows.map((r) => r.saves)).toEqual([500, 20, -5, 85, -10, 50]);
    expect(rows.reduce((s, r) => s + (r.saves ?? 0), 0)).toBe(640);
  });

  it('is idempotent: ingesting the same observations again changes nothing', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'tiktok');
    const batch = {
      userId, accountId, source: 'test',
      posts: [{ platformPostId: '7234567890123456789', publishedAt: at('2026-02-01T10:00:00Z') }],
      postMetrics: [
        { platformPostId: '7234567890123456789', metric: 'views' as const, value: 10, observedAt: at('2026-02-02T10:00:00Z') },
        { platformPostId: '7234567890123456789', metric: 'views' as const, value: 25, observedAt: at('2026-02-03T10:00:00Z') },
      ],
      accountMetrics: [{ metric: 'followers' as const, value: 100, observedAt: at('2026-02-03T10:00:00Z') }],
    };
    const first = await ingest(t.db, batch);
    const before = await t.db.query('SELECT * FROM user_metrics WHERE user_id = $1 ORDER BY day', [userId]);
    const second = await ingest(t.db, batch);
    const after = await t.db.query('SELECT * FROM user_metrics WHERE user_id = $1 ORDER BY day', [userId]);
    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    expect(after).toEqual(before);
    const [count] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [userId]);
    expect(count!.n).toBe(2);
    const [post] = await t.db.query<{ platform_post_id: string }>('SELECT platform_post_id FROM platform_posts WHERE user_id = $1', [userId]);
    expect(post!.platform_post_id).toBe('7234567890123456789');
  });

  it('buckets days in the user time zone', async () => {
    const userId = await makeUser(t.db, 'America/Los_Angeles');
    const accountId = await makeAccount(t.db, userId, 'twitter');
    await ingest(t.db, {
      userId, accountId, source: 'test',
      // 2026-06-10 05:00 UTC is 2026-06-09 22:00 in Los Angeles (UTC−7 in June).
      posts: [{ platformPostId: '1', publishedAt: at('2026-06-10T05:00:00Z') }],
      postMetrics: [
        { platformPostId: '1', metric: 'views', value: 10, observedAt: at('2026-06-10T06:00:00Z') }, // local 06-09 23:00
        { platformPostId: '1', metric: 'views', value: 30, observedAt: at('2026-06-10T07:30:00Z') }, // local 06-10 00:30
      ],
    });
    expect((await postDaily(userId)).map((r) => [r.day, r.views])).toEqual([
      ['2026-06-09', 10],
      ['2026-06-10', 20],
    ]);
    const days = await t.db.query<{ day: string; views: number; likes: number | null; posts_published: number }>(
      'SELECT day::text, views, likes, posts_published FROM user_metrics WHERE user_id = $1 ORDER BY day',
      [userId],
    );
    expect(days).toEqual([
      { day: '2026-06-09', views: 10, likes: null, posts_published: 1 },
      { day: '2026-06-10', views: 20, likes: null, posts_published: 0 },
    ]);
  });

  it('re-reading a revised day overwrites it, and an out-of-order snapshot rebuilds later days', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await ingest(t.db, {
      userId, accountId, source: 'test',
      posts: [{ platformPostId: 'a', publishedAt: at('2026-04-01T00:00:00Z') }],
      postMetrics: [
        { platformPostId: 'a', metric: 'views', value: 100, observedAt: at('2026-04-02T12:00:00Z') },
        { platformPostId: 'a', metric: 'views', value: 300, observedAt: at('2026-04-04T12:00:00Z') },
      ],
      accountDaily: [{ metric: 'followers_gained', day: '2026-04-03', value: 5 }],
    });
    // A late-arriving snapshot in between splits the growth, and the platform revises a day.
    await ingest(t.db, {
      userId, accountId, source: 'test',
      postMetrics: [{ platformPostId: 'a', metric: 'views', value: 180, observedAt: at('2026-04-03T12:00:00Z') }],
      accountDaily: [{ metric: 'followers_gained', day: '2026-04-03', value: 7 }],
    });
    expect((await postDaily(userId)).map((r) => [r.day, r.views])).toEqual([
      ['2026-04-01', 100],
      ['2026-04-03', 80],
      ['2026-04-04', 120],
    ]);
    const um = await t.db.query<{ day: string; views: number; followers_gained: number | null }>(
      'SELECT day::text, views, followers_gained FROM user_metrics WHERE user_id = $1 ORDER BY day',
      [userId],
    );
    expect(um).toEqual([
      { day: '2026-04-01', views: 100, followers_gained: null },
      { day: '2026-04-02', views: 0, followers_gained: null },
      { day: '2026-04-03', views: 80, followers_gained: 7 },
      { day: '2026-04-04', views: 120, followers_gained: null },
    ]);
  });

  it('rejects a bad batch naming the field, and writes nothing', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await expect(
      ingest(t.db, {
        userId, accountId, source: 'test',
        posts: [{ platformPostId: 'x', publishedAt: at('2026-04-01T00:00:00Z') }],
        postMetrics: [{ platformPostId: 'x', metric: 'views', value: Number.NaN, observedAt: at('2026-04-02T00:00:00Z') }],
      }),
    ).rejects.toThrow(/postMetrics\[0\]\.value/);
    const rows = await t.db.query('SELECT 1 FROM platform_posts WHERE user_id = $1', [userId]);
    expect(rows).toHaveLength(0);
  });

  it('refuses a fraction of a count, naming the field and the metric, and writes nothing; minutes watched may have one', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    const posts = [{ platformPostId: 'x', publishedAt: at('2026-04-01T00:00:00Z') }];
    const observedAt = at('2026-04-02T00:00:00Z');
    await expect(
      ingest(t.db, {
        userId, accountId, source: 'test', posts,
        postMetrics: [
          { platformPostId: 'x', metric: 'watch_time_minutes', value: 12.25, observedAt },
          { platformPostId: 'x', metric: 'likes', value: 3.5, observedAt },
        ],
      }),
    ).rejects.toThrow(/postMetrics\[1\]\.value.*whole number: likes/);
    await expect(ingest(t.db, { userId, accountId, source: 'test', accountMetrics: [{ metric: 'followers', value: 10.1, observedAt }] })).rejects.toThrow(
      /accountMetrics\[0\]\.value.*whole number: followers/,
    );
    await expect(ingest(t.db, { userId, accountId, source: 'test', accountDaily: [{ metric: 'followers_lost', value: 0.5, day: '2026-04-02' }] })).rejects.toThrow(
      /accountDaily\[0\]\.value.*whole number: followers_lost/,
    );
    expect(await t.db.query('SELECT 1 FROM platform_posts WHERE user_id = $1', [userId])).toHaveLength(0);
    await ingest(t.db, {
      userId, accountId, source: 'test', posts,
      postMetrics: [
        { platformPostId: 'x', metric: 'watch_time_minutes', value: 12.25, observedAt },
        { platformPostId: 'x', metric: 'impression_clicks', value: 40.5, observedAt },
        { platformPostId: 'x', metric: 'likes', value: 3, observedAt },
      ],
    });
    const [stored] = await t.db.query<{ watch: number; likes: number }>(
      'SELECT sum(watch_time_minutes) AS watch, sum(likes) AS likes FROM post_daily WHERE user_id = $1', [userId],
    );
    expect(stored).toEqual({ watch: 12.25, likes: 3 });
  });

  it('refuses an observation outside the years the store keeps (1970–9999), naming the field, and writes nothing', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'youtube');
    await expect(
      ingest(t.db, {
        userId, accountId, source: 'test',
        posts: [{ platformPostId: 'x', publishedAt: at('1969-01-01T00:00:00Z') }],
        postMetrics: [{ platformPostId: 'x', metric: 'views', value: 1, observedAt: at('1969-12-31T23:59:59Z') }],
      }),
    ).rejects.toThrow(/postMetrics\[0\]\.observedAt/);
    await expect(
      ingest(t.db, { userId, accountId, source: 'test', accountMetrics: [{ metric: 'followers', value: 1, observedAt: new Date(Date.UTC(10000, 0, 1)) }] }),
    ).rejects.toThrow(/accountMetrics\[0\]\.observedAt/);
    const rows = await t.db.query('SELECT 1 FROM platform_posts WHERE user_id = $1 UNION ALL SELECT 1 FROM account_snapshots WHERE user_id = $1', [userId]);
    expect(rows).toHaveLength(0);
  });
});
