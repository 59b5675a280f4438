/**
 * The request hook is where the sync engine will wait for budget. These tests
 * use a minimal budget (count calls per window; when full, "wait" by moving the
 * simulated clock to the window's reset) and prove with the simulator's own
 * statistics that the platform limits held: no call refused, peak <= limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired } from '../../src/platforms/errors.js';
import type { RequestInfo, SyncChunk } from '../../src/platforms/types.js';
import { START, collect, startHarness, syncRequest, type Harness } from '../platforms/sim-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fixedWindowBudget(limit: number, windowMs: number, now: () => Date, wait: (ms: number) => void, counts: (info: RequestInfo) => boolean) {
  let start = now().getTime();
  let used = 0;
  return async (info: RequestInfo): Promise<void> => {
    if (!counts(info)) return;
    if (now().getTime() >= start + windowMs) {
      start = now().getTime();
      used = 0;
    }
    if (used + info.cost > limit) {
      wait(start + windowMs - now().getTime());
      start = now().getTime();
      used = 0;
    }
    used += info.cost;
  };
}

describe('budgets enforced through the request hook hold against the simulator', () => {
  it('X: a backfill larger than one 15-minute timeline window finishes with no 429', async () => {
    h = await startHarness({ accounts: 1, postsPerAccount: 900, limits: { xTimelinePer15Min: 4 } });
    const { sim, clock } = h;
    const beforeRequest = fixedWindowBudget(4, 15 * 60_000, clock.now, (ms) => clock.advance(ms), (i) => i.endpoint === 'GET /2/users/:id/tweets');
    const chunks = await collect(h.connector('twitter').sync(syncRequest(sim.tokens('twitter', 0).accessToken, sim.accounts('twitter')[0]!.externalId, 'backfill', { hooks: { beforeRequest } })));
    expect(chunks.flatMap((c) => c.posts ?? []).length).toBeGreaterThan(400);
    const stats = sim.stats();
    expect(stats.platforms.twitter.limited).toBe(0);
    const timeline = stats.windows.find((w) => w.limiter === 'x-timeline-15min')!;
    expect(timeline.peak).toBe(4);
    expect(stats.platforms.twitter.byEndpoint['GET /2/users/:id/tweets']!.requests).toBeGreaterThan(4);
  });

  it('without the budget the same sync hits the limit', async () => {
    h = await startHarness({ accounts: 1, postsPerAccount: 900, limits: { xTimelinePer15Min: 4 } });
    const { sim } = h;
    await expect(collect(h.connector('twitter').sync(syncRequest(sim.tokens('twitter', 0).accessToken, sim.accounts('twitter')[0]!.externalId)))).rejects.toThrow(/429/);
    expect(sim.stats().platforms.twitter.limited).toBe(1);
  });

  it('YouTube: Data API units are budgeted per Pacific day, Analytics calls are not counted against them', async () => {
    h = await startHarness({ accounts: 1, postsPerAccount: 400, limits: { youtubeUnitsPerDay: 5 } });
    const { sim, clock } = h;
    const seen: RequestInfo[] = [];
    const budget = fixedWindowBudget(5, 86_400_000, clock.now, (ms) => clock.advance(ms), (i) => i.api === 'youtube-data');
    // Waiting a day outlives the 1-hour Google token: refresh once and resume from the last checkpoint,
    // as the sync engine will.
    const yt = h.connector('youtube');
    const tokens = sim.tokens('youtube', 0);
    let accessToken = tokens.accessToken;
    const chunks: SyncChunk[] = [];
    let refreshes = 0;
    for (;;) {
      const resumeFrom = chunks.at(-1)?.next ?? undefined;
      if (chunks.length > 0 && resumeFrom === undefined) break;
      try {
        const hooks = {
          beforeRequest: async (info: RequestInfo) => {
            seen.push(info);
            await budget(info);
          },
        };
        for await (const chunk of yt.sync(syncRequest(accessToken, 'x', 'backfill', resumeFrom ? { hooks, resumeFrom } : { hooks }))) chunks.push(chunk);
        break;
      } catch (error) {
        if (!(error instanceof AuthExpired)) throw error;
        refreshes++;
        accessToken = (await yt.refresh(tokens.refreshToken)).accessToken;
      }
    }
    expect(refreshes).toBeGreaterThan(0);
    const ids = chunks.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId);
    // Resumed, not restarted: the profile step ran once.
    expect(chunks.filter((c) => c.accountMetrics !== undefined)).toHaveLength(1);
    // Days pass during the budgeted backfill and new uploads shift the offset-based pages:
    // some videos come twice (ingest upserts them), none is lost.
    const got = new Set(ids);
    for (const p of sim.truth('youtube', 0).posts) if (p.publishedAt.getTime() <= START.getTime()) expect(got.has(p.id)).toBe(true);
    expect(chunks.flatMap((c) => c.posts ?? []).length).toBeGreaterThan(300);
    const stats = sim.stats();
    expect(stats.platforms.youtube.limited).toBe(0);
    expect(stats.windows.filter((w) => w.limiter === 'youtube-data').every((w) => w.peak <= 5)).toBe(true);
    const dataUnits = seen.filter((i) => i.api === 'youtube-data').reduce((s, i) => s + i.cost, 0);
    expect(dataUnits).toBe(stats.platforms.youtube.byEndpoint['GET /youtube/v3/channels']!.units + stats.platforms.youtube.byEndpoint['GET /youtube/v3/playlistItems']!.units + stats.platforms.youtube.byEndpoint['GET /youtube/v3/videos']!.units);
  });
});
