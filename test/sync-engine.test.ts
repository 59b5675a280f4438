/** The sync engine against the simulator: backfill, re-sync, faults, tokens. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '../src/analytics/catalog.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

let s: SyncHarness;
const ids = new Map<Platform, number>();

beforeAll(async () => {
  s = await startSyncHarness();
  for (const p of PLATFORMS) ids.set(p, await s.connect(p));
});
afterAll(async () => {
  await s?.close();
});
beforeEach(() => s.sim.clearFaults());

const api = async (url: string) => (await s.h.app.inject({ method: 'GET', url, headers: s.user.auth })).json();
const ALL_TIME = 'from=2022-01-01&to=2026-12-31';

async function lifetimeViews(platform: Platform): Promise<Map<string, number | null>> {
  const perf = await api(`/api/v1/analytics/performance?${ALL_TIME}&platforms=${platform}&limit=500&sort=published_at`);
  return new Map(perf.items.map((i: { platform_post_id: string; views: number | null }) => [i.platform_post_id, i.views]));
}

describe('sync engine', () => {
  it.each(PLATFORMS)('backfills %s: every published post with the counters the platform holds', async (platform) => {
    const result = await s.engine.syncAccount(s.user.id, ids.get(platform)!, 'connect');
    expect(result.status, result.error ?? '').toBe('success');
    expect(result.tier).toBe('full');
    const truth = s.sim.truth(platform, 0);
    const views = await lifetimeViews(platform);
    expect(views.size).toBe(truth.posts.length);
    for (const post of truth.posts) expect(views.get(post.id), post.id).toBe(post.counters.views ?? null);
    const dash = await api(`/api/v1/analytics/dashboard?${ALL_TIME}&platforms=${platform}`);
    // YouTube reports subscriberCount cut to three significant figures (reference §1.3).
    const roundTo3 = (n: number) => (n < 1000 ? n : Math.floor(n / 10 ** (Math.floor(Math.log10(n)) - 2)) * 10 ** (Math.floor(Math.log10(n)) - 2));
    expect(dash.totals.followers).toBe(platform === 'youtube' ? roundTo3(truth.followers) : truth.followers);
    const accounts = await s.h.t.db.query<{ last_sync_status: string; next_sync_at: Date }>('SELECT last_sync_status, next_sync_at FROM platform_accounts WHERE id = $1', [ids.get(platform)]);
    expect(accounts[0]!.last_sync_status).toBe('success');
    expect(new Date(accounts[0]!.next_sync_at).getTime()).toBeGreaterThan(s.clock.now().getTime());
  });

  it('re-syncing unchanged data changes nothing', async () => {
    const before = await s.h.t.db.query('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [s.user.id]);
    const dashBefore = await api(`/api/v1/analytics/dashboard?${ALL_TIME}`);
    for (const p of PLATFORMS) expect((await s.engine.syncAccount(s.user.id, ids.get(p)!, 'manual')).status).toBe('success');
    const after = await s.h.t.db.query('SELECT count(*)::int AS n FROM post_snapshots WHERE user_id = $1', [s.user.id]);
    expect(after).toEqual(before);
    expect((await api(`/api/v1/analytics/dashboard?${ALL_TIME}`)).totals).toEqual(dashBefore.totals);
  });

  it('shows a post taking off in the dashboard after the next hot sync', async () => {
    const platform: Platform = 'tiktok';
    // A fresh post appears as the clock moves on; boost it.
    s.clock.advance(3 * 86_400_000);
    await s.engine.syncAccount(s.user.id, ids.get(platform)!, 'manual');
    const newest = s.sim.truth(platform, 0).posts.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())[0]!;
    s.sim.boostPost(platform, newest.id, 50_000, 1);
    s.clock.advance(30 * 60_000);
    const result = await s.engine.syncAccount(s.user.id, ids.get(platform)!, 'hot-posts');
    expect(result.status).toBe('success');
    const truthNow = s.sim.truth(platform, 0).posts.find((p) => p.id === newest.id)!;
    expect((await lifetimeViews(platform)).get(newest.id)).toBe(truthNow.counters.views);
    expect(truthNow.counters.views).toBeGreaterThan(newest.counters.views! + 10_000);
  });

  it('a platform outage fails the sync with a retry plan and loses nothing', async () => {
    const before = await lifetimeViews('youtube');
    s.clock.advance(3_600_000);
    s.sim.addFault({ kind: 'server_error', platform: 'youtube', status: 503 });
    const result = await s.engine.syncAccount(s.user.id, ids.get('youtube')!, 'manual');
    expect(result.status).toBe('failed');
    expect(result.error_kind).toBe('unavailable');
    expect(result.retry_at).not.toBeNull();
    expect(await lifetimeViews('youtube')).toEqual(before);
    const [row] = await s.h.t.db.query<{ last_sync_status: string; last_error: string; retry_attempt: number }>(
      'SELECT last_sync_status, last_error, retry_attempt FROM platform_accounts WHERE id = $1', [ids.get('youtube')]);
    expect(row).toEqual({ last_sync_status: 'failed', last_error: expect.stringContaining('retry 1 of 5'), retry_attempt: 1 });
    s.sim.clearFaults();
    expect((await s.engine.syncAccount(s.user.id, ids.get('youtube')!, 'manual')).status).toBe('success');
  });

  it('a 429 defers the sync until the platform reset', async () => {
    s.sim.addFault({ kind: 'rate_limit', platform: 'twitter', times: 1 });
    const result = await s.engine.syncAccount(s.user.id, ids.get('twitter')!, 'manual');
    expect(result.status).toBe('deferred');
    expect(result.error_kind).toBe('rate_limited');
    expect(Date.parse(result.retry_at!)).toBeGreaterThan(s.clock.now().getTime());
  });

  it('refreshes an expired token and carries on; a revoked grant marks the account needs_reauth', async () => {
    s.sim.expireToken('instagram', 0);
    const ok = await s.engine.syncAccount(s.user.id, ids.get('instagram')!, 'manual');
    expect(ok.status, ok.error ?? '').toBe('success');
    s.sim.revokeToken('instagram', 0);
    const revoked = await s.engine.syncAccount(s.user.id, ids.get('instagram')!, 'manual');
    expect(revoked.status).toBe('needs_reauth');
    const [row] = await s.h.t.db.query<{ needs_reauth: boolean }>('SELECT needs_reauth FROM platform_accounts WHERE id = $1', [ids.get('instagram')]);
    expect(row!.needs_reauth).toBe(true);
    expect((await s.engine.syncAccount(s.user.id, ids.get('instagram')!, 'schedule')).status).toBe('needs_reauth');
  });
});
