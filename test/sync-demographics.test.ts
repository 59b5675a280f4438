/**
 * The demographics sync step through the engine: the daily full sync stores
 * what the platforms report (audience_reports/values), the hourly and regular
 * syncs do not ask again, and under a tight Instagram budget the step waits
 * its turn like every other call (deferred and resumed, the platform never
 * having to refuse) instead of being skipped or over-spending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latestReports } from '../src/db/repositories/audience.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

let s: SyncHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const reportCount = async (h: SyncHarness, accountId: number) =>
  (await h.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audience_reports WHERE user_id = $1 AND account_id = $2', [h.user.id, accountId]))[0]!.n;

describe('demographics sync step', () => {
  it('the daily full sync stores what YouTube and Instagram report; lighter syncs do not ask again', async () => {
    s = await startSyncHarness({ sim: { accounts: 1, postsPerAccount: 20, futureDays: 0 } });
    const yt = await s.connect('youtube', 0);
    const ig = await s.connect('instagram', 0);
    const tt = await s.connect('tiktok', 0);
    for (const id of [yt, ig, tt]) {
      const r = await s.engine.syncAccount(s.user.id, id, 'connect');
      expect(r.status, r.error ?? '').toBe('success');
      expect(r.tier).toBe('full');
    }
    const reports = await latestReports(s.h.t.db, s.user.id);
    expect(reports.filter((r) => r.account_id === yt).map((r) => r.dimension).sort()).toEqual(['age', 'country', 'gender']);
    expect(reports.filter((r) => r.account_id === ig).map((r) => r.dimension).sort()).toEqual(['age', 'city', 'country', 'gender']);
    expect(reports.filter((r) => r.account_id === tt)).toEqual([]); // TikTok reports none: nothing stored

    // Stored exactly as the simulator's audience says (Instagram: described followers per age group).
    const followers = s.sim.truth('instagram', 0).followers;
    const audience = s.sim.audience('instagram', 0);
    const igAge = reports.find((r) => r.account_id === ig && r.dimension === 'age')!;
    const expectedAge = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']
      .map((bucket, i) => ({ bucket, value: Math.floor(followers * 0.92 * audience.age[i]!) }))
      .filter((v) => v.value > 0)
      .sort((a, b) => b.value - a.value || a.bucket.localeCompare(b.bucket));
    expect(igAge.values).toEqual(expectedAge);
    expect(igAge).toMatchObject({ basis: 'followers', basis_count: followers, unit: 'followers', source: 'instagram_api', unavailable_reason: null });
    const ytAge = reports.find((r) => r.account_id === yt && r.dimension === 'age')!;
    expect(Math.abs(ytAge.values.reduce((a, v) => a + v.value, 0) - 100)).toBeLessThanOrEqual(0.5);
    expect(ytAge.period_end).not.toBeNull();

    // A manual (regular tier) and a light sync an hour later read no demographics.
    const before = [await reportCount(s, yt), await reportCount(s, ig)];
    const checked = (await latestReports(s.h.t.db, s.user.id)).map((r) => r.checked_at.getTime());
    s.clock.advance(3_600_000 + 1000);
    for (const id of [yt, ig]) expect((await s.engine.syncAccount(s.user.id, id, 'manual')).tier).toBe('regular');
    s.clock.advance(3_600_000 + 1000);
    for (const id of [yt, ig]) expect((await s.engine.syncAccount(s.user.id, id, 'schedule')).tier).not.toBe('full');
    expect([await reportCount(s, yt), await reportCount(s, ig)]).toEqual(before);
    expect((await latestReports(s.h.t.db, s.user.id)).map((r) => r.checked_at.getTime())).toEqual(checked);

    // A day later the full sync reads them again.
    s.clock.advance(24 * 3_600_000);
    const again = await s.engine.syncAccount(s.user.id, ig, 'schedule');
    expect(again.tier).toBe('full');
    const latest = (await latestReports(s.h.t.db, s.user.id)).filter((r) => r.account_id === ig);
    for (const r of latest) expect(r.checked_at.getTime()).toBe(s.clock.now().getTime());
  }, 180_000);

  it('under a tight Instagram budget the step is deferred and resumed, never over budget and never refused by the platform', async () => {
    // A 29-day window of daily Instagram totals is one chunk of 30 calls: the budget must hold one chunk.
    const LIMIT = 40;
    s = await startSyncHarness({ sim: { accounts: 1, postsPerAccount: 30, futureDays: 0 }, env: { BUDGET_INSTAGRAM_PER_HOUR: String(LIMIT) } });
    const ig = await s.connect('instagram', 0);
    const results = [];
    for (let round = 0; round < 12; round++) {
      const r = await s.engine.syncAccount(s.user.id, ig, round === 0 ? 'connect' : 'schedule');
      results.push(r);
      expect(r.requests).toBeLessThanOrEqual(LIMIT);
      if (r.status === 'success') break;
      expect(r.status).toBe('deferred');
      expect(r.error_kind).toBe('budget');
      s.clock.set(new Date(Date.parse(r.retry_at!) + 1000));
    }
    expect(results.at(-1)!.status).toBe('success');
    expect(results.length).toBeGreaterThan(1);
    const stats = s.sim.stats();
    expect(stats.platforms.instagram.limited).toBe(0);
    for (const w of stats.windows.filter((w) => w.platform === 'instagram')) expect(w.peak).toBeLessThanOrEqual(LIMIT);
    const reports = await latestReports(s.h.t.db, s.user.id);
    expect(reports.map((r) => r.dimension).sort()).toEqual(['age', 'city', 'country', 'gender']);
    expect(reports.every((r) => r.values.length > 0)).toBe(true);
  }, 180_000);
});
