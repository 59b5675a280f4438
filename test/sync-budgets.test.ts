/**
 * Request budgets hold under many accounts: the simulator enforces the same
 * limits as our budgets and counts what it received per window; it must never
 * have had to refuse a request. Work over budget is deferred, not dropped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nextMidnightPacific } from '../src/platforms/time.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

let s: SyncHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('request budgets', () => {
  it('YouTube: one daily unit budget shared by every channel; the rest waits for midnight Pacific', async () => {
    const UNITS = 14;
    s = await startSyncHarness({ sim: { accounts: 6, postsPerAccount: 30, futureDays: 0, limits: { youtubeUnitsPerDay: UNITS } }, env: { BUDGET_YOUTUBE_UNITS_PER_DAY: String(UNITS) } });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await s.connect('youtube', i));
    const results = [];
    for (const id of ids) results.push(await s.engine.syncAccount(s.user.id, id, 'connect'));
    const done = results.filter((r) => r.status === 'success');
    const deferred = results.filter((r) => r.status === 'deferred');
    expect(done.length).toBeGreaterThan(0);
    expect(deferred.length).toBeGreaterThan(0);
    expect(done.length + deferred.length).toBe(6);
    const midnight = nextMidnightPacific(s.clock.now()).getTime();
    for (const r of deferred) expect(Date.parse(r.retry_at!)).toBe(midnight);
    let stats = s.sim.stats();
    expect(stats.platforms.youtube.limited).toBe(0);
    expect(results.reduce((n, r) => n + r.units, 0)).toBeLessThanOrEqual(UNITS);

    // After midnight Pacific the deferred channels continue from their checkpoints.
    s.clock.set(new Date(midnight + 60_000));
    let rounds = 0;
    let pending = deferred.map((r) => r.account_id);
    while (pending.length > 0 && rounds < 10) {
      const next = [];
      for (const id of pending) {
        const r = await s.engine.syncAccount(s.user.id, id, 'schedule');
        if (r.status !== 'success') next.push(id);
      }
      pending = next;
      if (pending.length > 0) s.clock.set(new Date(nextMidnightPacific(s.clock.now()).getTime() + 60_000));
      rounds += 1;
    }
    expect(pending).toEqual([]);
    stats = s.sim.stats();
    expect(stats.platforms.youtube.limited).toBe(0);
    for (const w of stats.windows.filter((w) => w.platform === 'youtube' && w.limiter.includes('unit'))) expect(w.peak).toBeLessThanOrEqual(UNITS);
    // Every channel's posts arrived in full.
    for (let i = 0; i < 6; i++) {
      const [row] = await s.h.t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM platform_posts p JOIN platform_accounts a ON a.id = p.account_id WHERE a.id = $1', [ids[i]]);
      expect(row!.n).toBe(s.sim.truth('youtube', i).posts.length);
    }
  });

  it('X: a per-account 15-minute budget is never exceeded, however many accounts sync', async () => {
    const PER_WINDOW = 4;
    s = await startSyncHarness({ sim: { accounts: 5, postsPerAccount: 450, futureDays: 10 }, env: { BUDGET_X_PER_15_MIN: String(PER_WINDOW) } });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await s.connect('twitter', i));
    const perAccountRequests = new Map<number, number[]>();
    for (let round = 0; round < 20; round++) {
      let allDone = true;
      for (const id of ids) {
        const r = await s.engine.syncAccount(s.user.id, id, 'schedule');
        perAccountRequests.set(id, [...(perAccountRequests.get(id) ?? []), r.requests]);
        if (r.status === 'deferred') {
          allDone = false;
          expect(r.error_kind).toBe('budget');
        } else expect(r.status, r.error ?? '').toBe('success');
      }
      if (allDone) break;
      s.clock.advance(15 * 60_000 + 1000);
    }
    // Each sync spent at most one window's budget, and the platform never had to say no.
    for (const list of perAccountRequests.values()) for (const n of list) expect(n).toBeLessThanOrEqual(PER_WINDOW);
    expect(s.sim.stats().platforms.twitter.limited).toBe(0);
    for (let i = 0; i < 5; i++) {
      const [row] = await s.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_posts WHERE account_id = $1', [ids[i]]);
      expect(row!.n).toBe(s.sim.truth('twitter', i).posts.length);
    }
  });
});
