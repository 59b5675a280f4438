/**
 * A manual sync under a budget too short for every post (Instagram: one
 * insights call per media, here 60 calls per hour, the simulator holding the
 * same limit): it refreshes the youngest posts first, says in its answer and
 * in the sync status how many it deferred and when it resumes, and the
 * resumed run reads the rest. Manual clock throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';
import { inProcessQueue } from '../src/queue/in-process.js';
import { publicIdOf } from './helpers/ids.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PER_HOUR = 60;

let s: SyncHarness;
let accountId: number;
/** The account's id in the API. */
let accountPublicId: string;

beforeAll(async () => {
  const queue = inProcessQueue();
  s = await startSyncHarness({
    queue,
    env: { SYNC_WAIT_MS: '120000', BUDGET_INSTAGRAM_PER_HOUR: String(PER_HOUR) },
    sim: { accounts: 1, postsPerAccount: 60, historyDays: 120, futureDays: 2, limits: { instagramPerHour: PER_HOUR } },
  });
  await queue.start(syncJobHandlers(s.engine), 1);
  accountId = await s.connect('instagram');
  accountPublicId = await publicIdOf(s.h.t.db, 'account', accountId);
  // The backfill itself takes more than one hour's budget: it is deferred and resumed until done.
  for (let i = 0; ; i++) {
    const r = await s.engine.syncAccount(s.user.id, accountId, 'connect');
    if (r.status === 'success') break;
    expect(r.status, r.error ?? '').toBe('deferred');
    expect(i).toBeLessThan(10);
    s.clock.set(new Date(Math.max(Date.parse(r.retry_at!), s.clock.now().getTime() + HOUR)));
  }
});
afterAll(async () => {
  await s?.close();
});

async function apiViews(postId: string): Promise<number | null | undefined> {
  const res = await s.h.app.inject({ method: 'GET', url: '/api/v1/analytics/performance?from=2025-06-01&to=2027-06-30&platforms=instagram&limit=500', headers: s.user.auth });
  return (res.json() as { items: { platform_post_id: string; views: number | null }[] }).items.find((i) => i.platform_post_id === postId)?.views;
}

describe('a manual sync the budget cannot finish', () => {
  it('refreshes youngest first, reports the deferred posts and when they are read, and reads them then', async () => {
    s.clock.advance(2 * HOUR);
    const now = () => s.clock.now().getTime();
    const older = s.sim
      .truth('instagram', 0)
      .posts.filter((p) => p.publishedAt.getTime() < now() - 30 * DAY)
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
    expect(older.length).toBeGreaterThan(30);
    const youngest = older[0]!;
    const oldest = older[older.length - 1]!;
    for (const p of [youngest, oldest]) s.sim.boostPost('instagram', p.id, 50_000, 0.25);
    s.clock.advance(3 * HOUR);
    s.sim.resetStats();

    const res = await s.h.app.inject({ method: 'POST', url: '/api/v1/analytics/sync', headers: s.user.auth, payload: { platforms: ['instagram'] } });
    expect(res.statusCode, res.body).toBe(200);
    const [run] = (res.json() as { results: { status: string; posts_refreshed: number; posts_deferred: number; retry_at: string | null }[] }).results;
    expect(run!.status).toBe('deferred');
    expect(run!.posts_deferred).toBeGreaterThan(0);
    expect(run!.posts_refreshed + run!.posts_deferred).toBe(older.length);
    const retryAt = Date.parse(run!.retry_at!);
    expect(retryAt).toBeGreaterThan(now());
    expect(retryAt).toBeLessThanOrEqual(now() + HOUR);

    // The sync status says the same.
    const status = (await s.h.app.inject({ method: 'GET', url: '/api/v1/analytics/sync/status', headers: s.user.auth })).json() as {
      accounts: { id: string; latest_run: { posts_deferred: number | null; retry_at: string | null } | null }[];
    };
    expect(status.accounts.find((a) => a.id === accountPublicId)!.latest_run).toMatchObject({ posts_deferred: run!.posts_deferred, retry_at: run!.retry_at });

    // Youngest first: the youngest old post is fresh, the oldest still has its old count.
    const truthNow = (id: string) => s.sim.truth('instagram', 0).posts.find((p) => p.id === id)!.counters.views;
    expect(await apiViews(youngest.id)).toBe(truthNow(youngest.id));
    expect(await apiViews(oldest.id)).toBeLessThan(truthNow(oldest.id)! - 40_000);

    // When the window reopens, the run resumes (the queued job; called here on the manual clock) and reads the rest.
    // Meta's usage header pauses the account at 90% for 10 minutes, and the sliding hour gives the budget back
    // gradually: each resumption reads what it can, youngest first, until none is left.
    s.clock.set(new Date(retryAt));
    let left = run!.posts_deferred;
    for (let i = 0; left > 0; i++) {
      expect(i).toBeLessThan(12);
      const resumed = await s.engine.syncAccount(s.user.id, accountId, 'manual');
      expect(resumed.posts_refreshed! + resumed.posts_deferred!).toBe(left);
      left = resumed.posts_deferred!;
      if (left > 0) s.clock.set(new Date(Date.parse(resumed.retry_at!)));
      else expect(resumed.status).toBe('success');
    }
    expect(await apiViews(oldest.id)).toBe(truthNow(oldest.id));

    // The simulator's own count: never more than the budget in any hour, nothing refused.
    const stats = s.sim.stats();
    for (const w of stats.windows) expect(w.peak, w.limiter).toBeLessThanOrEqual(w.limit);
    expect(stats.platforms.instagram.limited).toBe(0);
  });
});
