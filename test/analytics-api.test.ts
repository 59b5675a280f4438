/**
 * The analytics API against a reference computation over the same raw
 * observations (test/helpers/dataset.ts), on the user's own time zone and on
 * another one asked for with ?tz=.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { expectedFor, makeDataset, type Dataset } from './helpers/dataset.js';

let h: TestApp;
let user: { id: number; auth: { authorization: string } };
let data: Dataset;
const END = new Date('2026-05-31T18:00:00Z');
const TZ = 'Asia/Kolkata'; // UTC+5:30: day boundaries that are not on the hour

beforeAll(async () => {
  h = await createTestApp();
  user = await register(h.app, TZ);
  data = makeDataset(42, END, 75);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `acct-${platform}`, handle: `@me_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
});
afterAll(async () => {
  await h?.close();
});

async function get(url: string, auth = user.auth) {
  return h.app.inject({ method: 'GET', url, headers: auth });
}

function sumOver(values: (number | null)[]): number | null {
  return values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

describe.each([
  { from: '2026-04-01', to: '2026-04-30', tz: TZ },
  { from: '2026-03-17', to: '2026-05-31', tz: TZ },
  { from: '2026-05-10', to: '2026-05-20', tz: 'America/New_York' },
])('dashboard $from to $to in $tz', ({ from, to, tz }) => {
  it('totals and per-platform activity equal the reference computation', async () => {
    const res = await get(`/api/v1/analytics/dashboard?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = new Map([...data.batches].map(([p, b]) => [p, expectedFor(b, p, from, to, tz)]));
    for (const p of body.platforms as { platform: Platform; views: number; saves: number | null; clicks: number | null; followers: number; follower_growth: number; posts: number }[]) {
      const e = expected.get(p.platform)!;
      expect({ platform: p.platform, views: p.views, saves: p.saves, clicks: p.clicks, posts: p.posts, followers: p.followers }).toEqual({
        platform: p.platform, views: e.activity.views, saves: e.activity.saves, clicks: e.activity.clicks, posts: e.posts, followers: e.followersEnd,
      });
      expect(p.follower_growth).toBe(e.followersEnd! - e.followersStart!);
    }
    for (const metric of ['views', 'likes', 'shares', 'comments', 'saves', 'clicks']) {
      expect(body.totals[metric], metric).toBe(sumOver([...expected.values()].map((e) => e.activity[metric]!)));
    }
    const eng = ['likes', 'comments', 'shares', 'saves'].reduce((s, m) => s + (body.totals[m] ?? 0), 0);
    expect(body.totals.engagement).toBe(eng);
    expect(body.totals.engagement_rate).toBeCloseTo((100 * eng) / body.totals.views, 2);
    expect(body.totals.contributors.saves).toEqual(['instagram', 'twitter']);
    // The trend covers every day and adds up to the totals.
    expect(body.trend).toHaveLength(body.range.days);
    expect(sumOver(body.trend.map((d: { views: number | null }) => d.views))).toBe(body.totals.views);
  });
});

describe('analytics API', () => {
  it('sum of activity over all time equals the sum of the latest lifetime counters', async () => {
    const dash = (await get('/api/v1/analytics/dashboard?from=2025-01-01&to=2026-12-31')).json();
    const perf = (await get('/api/v1/analytics/performance?from=2025-01-01&to=2026-12-31&limit=500')).json();
    expect(dash.totals.views).toBe(perf.totals.views);
    expect(dash.totals.likes).toBe(perf.totals.likes);
    expect(perf.items.length).toBe(perf.totals.posts);
  });

  it('performance lists content published in the period, sorted and paged with a cursor', async () => {
    const from = '2026-04-01';
    const to = '2026-05-31';
    const all: { views: number; platform_post_id: string; published_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/analytics/performance?from=${from}&to=${to}&sort=views&order=desc&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      all.push(...body.items);
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor && pages < 50);
    const expectedPosts = [...data.batches.values()].reduce((n, b) => n + expectedFor(b, 'youtube', from, to, TZ).posts, 0);
    expect(all).toHaveLength(expectedPosts);
    expect(new Set(all.map((i) => i.platform_post_id)).size).toBe(all.length);
    const views = all.map((i) => i.views);
    expect(views).toEqual([...views].sort((a, b) => b - a));
    // Engagement of each item by the catalog's rule: likes + comments + shares (+ saves where reported).
    for (const item of all as unknown as Record<string, number | null>[]) {
      const parts = ['likes', 'comments', 'shares', 'saves'].map((m) => item[m]).filter((v): v is number => v !== null);
      expect(item.engagement).toBe(parts.reduce((a, b) => a + b, 0));
      if (item.views) expect(item.engagement_rate).toBeCloseTo((100 * item.engagement!) / item.views, 2);
      else expect(item.engagement_rate).toBeNull();
    }
  });

  it('growth reports followers start/end per platform and a weekly series', async () => {
    const from = '2026-04-01';
    const to = '2026-04-30';
    const body = (await get(`/api/v1/analytics/growth?from=${from}&to=${to}&granularity=week`)).json();
    for (const p of body.platforms) {
      const e = expectedFor(data.batches.get(p.platform)!, p.platform, from, to, TZ);
      expect([p.followers_start, p.followers_end]).toEqual([e.followersStart, e.followersEnd]);
      expect(p.follower_growth_rate).toBeCloseTo((100 * (e.followersEnd! - e.followersStart!)) / e.followersStart!, 2);
      expect(p.series[0].date).toBe('2026-03-30'); // the Monday of the week holding April 1st
      expect(p.series.at(-1).followers).toBe(e.followersEnd);
      expect(p.series.reduce((n: number, s: { posts: number }) => n + s.posts, 0)).toBe(e.posts);
    }
  });

  it('compare names the leader of each metric from the side-by-side numbers', async () => {
    const body = (await get('/api/v1/analytics/compare?from=2026-04-01&to=2026-05-31')).json();
    const best = [...body.platforms].sort((a, b) => b.totals.views - a.totals.views)[0];
    expect(body.leaders.views).toBe(best.platform);
    expect(body.platforms).toHaveLength(4);
  });

  it('platform view reports platform-only metrics and null for those it lacks', async () => {
    const ig = (await get('/api/v1/analytics/platform/instagram?from=2026-04-01&to=2026-04-30')).json();
    expect(ig.platform_metrics.average_daily_reach).toBeGreaterThan(0);
    const yt = (await get('/api/v1/analytics/platform/youtube?from=2026-04-01&to=2026-04-30')).json();
    expect(yt.platform_metrics.average_daily_reach).toBeNull();
    expect(yt.totals.saves).toBeNull();
  });

  it('content view gives each post its lifetime numbers, daily series and median comparison', async () => {
    const perf = (await get('/api/v1/analytics/performance?from=2026-01-01&to=2026-05-31&limit=1&sort=views')).json();
    const item = perf.items[0];
    const res = await get(`/api/v1/analytics/content/${item.content_id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const post = body.posts[0];
    expect(post.views).toBe(item.views);
    expect(post.daily.reduce((s: number, d: { views: number | null }) => s + (d.views ?? 0), 0)).toBe(item.views);
    expect(post.compared_to_median.views_ratio).toBeGreaterThanOrEqual(1);
  });

  it('serves a cached response until new data arrives, then the new numbers', async () => {
    const url = '/api/v1/analytics/dashboard?from=2026-06-01&to=2026-06-30&platforms=tiktok';
    const first = await get(url);
    const again = await get(url);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    const before = first.json().totals.views ?? 0;
    const account = (await h.t.db.query<{ id: number }>("SELECT id FROM platform_accounts WHERE user_id = $1 AND platform = 'tiktok'", [user.id]))[0]!;
    const post = data.batches.get('tiktok')!.posts![0]!;
    const last = data.batches.get('tiktok')!.postMetrics!.filter((m) => m.platformPostId === post.platformPostId && m.metric === 'views').at(-1)!;
    await h.services.ingest({ userId: user.id, accountId: account.id, source: 'test', postMetrics: [{ platformPostId: post.platformPostId, metric: 'views', value: last.value + 1234, observedAt: new Date('2026-06-10T12:00:00Z') }] });
    const after = await get(url);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json().totals.views).toBe(before + 1234);
  });
});

describe('follower growth', () => {
  it('is null, not 0, when the window holds a single follower observation; 0 when two observations agree', async () => {
    const other = await register(h.app);
    const account = await upsertAccount(h.t.db, other.id, { platform: 'tiktok', externalId: 'single' });
    await h.services.ingest({ userId: other.id, accountId: account.id, source: 'test', accountMetrics: [{ metric: 'followers', value: 500, observedAt: new Date('2026-05-20T10:00:00Z') }] });
    const one = (await get('/api/v1/analytics/dashboard?from=2026-05-01&to=2026-05-31', other.auth)).json();
    expect(one.totals.followers).toBe(500);
    expect(one.totals.follower_growth).toBeNull();
    expect(one.totals.follower_growth_rate).toBeNull();
    await h.services.ingest({ userId: other.id, accountId: account.id, source: 'test', accountMetrics: [{ metric: 'followers', value: 500, observedAt: new Date('2026-05-25T10:00:00Z') }] });
    const two = (await get('/api/v1/analytics/dashboard?from=2026-05-01&to=2026-05-31', other.auth)).json();
    expect([two.totals.follower_growth, two.totals.follower_growth_rate]).toEqual([0, 0]);
  });
});

describe('bad query input', () => {
  // The schema checks the query (enums, integer limit) and parsePeriod the range; both answer in the one error body.
  it.each([
    ['/api/v1/analytics/growth?granularity=hour', 'granularity', 'must be one of day, week, month'],
    ['/api/v1/analytics/platform/myspace', 'platform', 'must be one of youtube, tiktok, instagram, twitter'],
    ['/api/v1/analytics/performance?limit=abc', 'limit', 'must be a whole number'],
    ['/api/v1/analytics/performance?limit=501', 'limit', 'must be <= 500'],
    ['/api/v1/analytics/performance?order=up', 'order', 'must be one of asc, desc'],
    ['/api/v1/analytics/export?format=xlsx', 'format', 'must be one of csv, json'],
    ['/api/v1/analytics/dashboard?from=2004-12-31&to=2026-01-01', 'from', 'must be 2005-01-01 or later (no platform has data before it), got 2004-12-31'],
    ['/api/v1/analytics/dashboard?range=all&from=2026-01-01', 'range', 'cannot be combined with from or to; give either the preset or the dates'],
    ['/api/v1/analytics/compare?platforms=youtube,myspace', 'platforms', 'unknown platform "myspace"; expected any of youtube, tiktok, instagram, twitter'],
  ])('%s → 400 %s', async (url, field, reason) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_request', message: `${field}: ${reason}`, details: { field, reason } } });
  });

  it('fills the documented defaults: limit 50, sorted by performance score, descending', async () => {
    const body = (await get('/api/v1/analytics/performance?from=2025-01-01&to=2026-12-31')).json();
    expect([body.sort, body.order, body.items.length]).toEqual(['performance_score', 'desc', Math.min(50, body.totals.posts)]);
  });
});
