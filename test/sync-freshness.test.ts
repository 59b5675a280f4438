/**
 * Freshness within budgets, on the simulator's manual clock (issue 11, item 1):
 * a manual sync re-reads every known post, old ones included; the discover
 * tier stores a post published minutes ago at its first cadence tick and
 * starts its hot tier; no platform budget is exceeded on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '../src/analytics/catalog.js';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import type { SimStats } from '../src/simulator/index.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let s: SyncHarness;
const ids = new Map<Platform, number>();

beforeAll(async () => {
  // A queue that runs jobs: POST /analytics/sync enqueues and waits for the results.
  const queue = inProcessQueue();
  s = await startSyncHarness({ queue, env: { SYNC_WAIT_MS: '120000' }, sim: { accounts: 1, postsPerAccount: 40, historyDays: 120, futureDays: 30 } });
  await queue.start(syncJobHandlers(s.engine), 2);
  for (const p of PLATFORMS) {
    ids.set(p, await s.connect(p));
    const first = await s.engine.syncAccount(s.user.id, ids.get(p)!, 'connect');
    expect(first.status, first.error ?? '').toBe('success');
  }
});
afterAll(async () => {
  await s?.close();
});

async function apiPost(platform: Platform, postId: string): Promise<{ views: number | null; likes: number | null } | undefined> {
  const res = await s.h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?from=2025-06-01&to=2027-06-30&platforms=${platform}&limit=500`, headers: s.user.auth });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { platform_post_id: string; views: number | null; likes: number | null }[] }).items.find((i) => i.platform_post_id === postId);
}

/**
 * What a hot run may call: post listings and post lookups. YouTube: the channel too, for its uploads
 * playlist when not known yet, and the Analytics report of the listed videos (not the channel's days).
 */
const HOT_RUN_ENDPOINTS: Record<Platform, string[]> = {
  youtube: ['GET /youtube/v3/playlistItems', 'GET /youtube/v3/videos', 'GET /youtube/v3/channels', 'GET /v2/reports'],
  tiktok: ['POST /v2/video/list/', 'POST /v2/video/query/'],
  twitter: ['GET /2/users/:id/tweets', 'GET /2/tweets'],
  instagram: ['GET /:ig-user-id/media', 'GET /:id/insights'],
};

/** Every window the simulator counted stayed within its limit, and it refused nothing. */
function withinBudgets(stats: SimStats): void {
  for (const w of stats.windows) expect(w.peak, `${w.limiter} ${w.key}`).toBeLessThanOrEqual(w.limit);
  for (const p of PLATFORMS) expect(stats.platforms[p].limited, p).toBe(0);
}

describe('manual sync', () => {
  it('re-reads the counters of a 60-day-old post on every platform, in the same run, nothing deferred', async () => {
    s.clock.advance(2 * HOUR);
    const old = new Map<Platform, string>();
    for (const p of PLATFORMS) {
      const posts = s.sim.truth(p, 0).posts;
      const target = posts.reduce((best, post) => (Math.abs(s.clock.now().getTime() - post.publishedAt.getTime() - 60 * DAY) < Math.abs(s.clock.now().getTime() - best.publishedAt.getTime() - 60 * DAY) ? post : best));
      expect(s.clock.now().getTime() - target.publishedAt.getTime()).toBeGreaterThan(45 * DAY);
      s.sim.boostPost(p, target.id, 80_000, 0.25);
      old.set(p, target.id);
    }
    s.clock.advance(3 * HOUR);
    for (const p of PLATFORMS) {
      const truth = s.sim.truth(p, 0).posts.find((x) => x.id === old.get(p))!;
      // Before: the dashboard still has the count from the backfill, 80,000 views behind the platform.
      expect((await apiPost(p, truth.id))!.views!, p).toBeLessThan(truth.counters.views! - 70_000);
    }
    s.sim.resetStats();

    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/sync', headers: s.user.auth, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { status: string; results: { platform: Platform; status: string; tier: string; posts_refreshed: number | null; posts_deferred: number | null }[] };
    expect(body.results).toHaveLength(PLATFORMS.length);
    for (const r of body.results) {
      const olderThanWindow = s.sim.truth(r.platform, 0).posts.filter((x) => x.publishedAt.getTime() < s.clock.now().getTime() - 30 * DAY).length;
      expect(r, r.platform).toMatchObject({ status: 'success', tier: 'regular', posts_refreshed: olderThanWindow, posts_deferred: 0 });
    }
    for (const p of PLATFORMS) {
      const truth = s.sim.truth(p, 0).posts.find((x) => x.id === old.get(p))!;
      expect((await apiPost(p, truth.id))!.views, p).toBe(truth.counters.views);
    }
    // Batch platforms read the old posts by id, many per request.
    const stats = s.sim.stats();
    expect(stats.platforms.youtube.byEndpoint['GET /youtube/v3/videos']!.requests).toBeLessThanOrEqual(2);
    expect(stats.platforms.tiktok.byEndpoint['POST /v2/video/query/']!.requests).toBeLessThanOrEqual(2);
    expect(stats.platforms.twitter.byEndpoint['GET /2/tweets']!.requests).toBe(1);
    withinBudgets(stats);
  });
});

describe('discover', () => {
  /** The first upcoming post with no other post in the 50 h before it (so the account has no hot post when it appears). */
  function lonelyUpcoming(platform: Platform, after: number): { id: string; publishedAt: Date } {
    const visible = s.sim.truth(platform, 0).posts.map((p) => p.publishedAt.getTime());
    const upcoming = s.sim.upcoming(platform, 0);
    const times = [...visible, ...upcoming.map((p) => p.publishedAt.getTime())].sort((a, b) => a - b);
    const found = upcoming.find((p) => {
      const t = p.publishedAt.getTime();
      const before = times.filter((x) => x < t);
      return t - 15 * MIN > after && (before.length === 0 || t - before[before.length - 1]! > 50 * HOUR);
    });
    if (!found) throw new Error(`the simulated ${platform} account has no upcoming post apart from the others`);
    return found;
  }

  it('stores a post published 3 min ago at the first cadence tick, without exceeding any budget, and starts its hot tier', async () => {
    const order = PLATFORMS.map((p) => ({ p, post: lonelyUpcoming(p, s.clock.now().getTime()) })).sort((a, b) => a.post.publishedAt.getTime() - b.post.publishedAt.getTime());
    for (const { p, post } of order) {
      const accountId = ids.get(p)!;
      // Every tier has just run, 10 minutes before the post appears.
      s.clock.set(new Date(Math.max(s.clock.now().getTime(), post.publishedAt.getTime() - 10 * MIN)));
      for (let i = 0; i < 6; i++) {
        const r = await s.engine.syncAccount(s.user.id, accountId, 'schedule');
        expect(r.status, `${p}: ${r.error}`).not.toBe('failed');
        if (r.tier === null) break;
      }
      s.clock.set(new Date(post.publishedAt.getTime() + 3 * MIN));
      expect(await apiPost(p, post.id), p).toBeUndefined();
      s.sim.resetStats();

      const tick = await s.engine.syncAccount(s.user.id, accountId, 'schedule');
      expect(tick, p).toMatchObject({ status: 'success', tier: 'discover' });
      const seen = await apiPost(p, post.id);
      const truth = s.sim.truth(p, 0).posts.find((x) => x.id === post.id)!;
      expect(seen, p).toBeDefined();
      expect(seen!.views, p).toBe(truth.counters.views);
      // One listing call, plus (YouTube) the new video's counters or (Instagram) its insights.
      expect(tick.requests, p).toBeLessThanOrEqual(p === 'tiktok' || p === 'twitter' ? 1 : 2);
      withinBudgets(s.sim.stats());

      // The new post starts its hot tier: the next run, 4 minutes on, is a hot one.
      const [row] = await s.h.t.db.query<{ next_sync_at: Date }>('SELECT next_sync_at FROM platform_accounts WHERE id = $1', [accountId]);
      expect(new Date(row!.next_sync_at).getTime() - s.clock.now().getTime(), p).toBeLessThanOrEqual(4 * MIN);
      s.clock.advance(4 * MIN);
      s.sim.resetStats();
      expect((await s.engine.syncAccount(s.user.id, accountId, 'schedule')).tier, p).toBe('hot');
      // A hot run reads posts only: no profile, daily values or revenue calls. On Instagram that is the
      // media listing and one insights call per post younger than 48 h, nothing else.
      const endpoints = s.sim.requestLog().map((r) => r.endpoint);
      expect(endpoints.length, p).toBeGreaterThan(0);
      expect(endpoints.filter((e) => !HOT_RUN_ENDPOINTS[p].includes(e)), p).toEqual([]);
      // One listing page, so one report of its videos; the channel's daily values would be a second.
      if (p === 'youtube') expect(endpoints.filter((e) => e === 'GET /v2/reports').length).toBe(1);
      if (p === 'instagram') {
        const young = s.sim.truth(p, 0).posts.filter((x) => x.publishedAt.getTime() <= s.clock.now().getTime() && x.publishedAt.getTime() > s.clock.now().getTime() - 48 * HOUR);
        expect(endpoints.filter((e) => e === 'GET /:id/insights').length).toBe(young.length);
      }
    }
  });

  it('pauses while a shared daily quota is ahead of its pace', async () => {
    const accountId = ids.get('youtube')!;
    // Spend most of the day's YouTube units at once (another user's channels, say), then let discover fall due.
    const limit = s.h.services.config.platforms.budgets.youtubeUnitsPerDay;
    await s.gate.store.take('youtube-data', Math.floor(limit * 0.95), limit, { kind: 'day', timeZone: 'America/Los_Angeles' }, s.clock.now().getTime());
    expect(await s.gate.pacedHeadroom('youtube', accountId)).toBeLessThan(0.1);
    s.clock.advance(3 * MIN);
    const r = await s.engine.syncAccount(s.user.id, accountId, 'schedule');
    expect(r.tier).not.toBe('discover');
  });
});
