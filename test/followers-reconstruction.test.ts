/**
 * Followers before the first follower snapshot, walked back from it with the
 * platform's own daily gains and losses (YouTube subscribersGained/Lost).
 * Expectations are worked out by hand from the observations below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../src/query/views/dashboard.js';
import { growth } from '../src/query/views/growth.js';
import { parsePeriod } from '../src/analytics/period.js';
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

// Net movement per day: +4, +3, −2, +6, +2.
const MOVEMENT = [
  { day: '2026-05-01', gained: 5, lost: 1 },
  { day: '2026-05-02', gained: 3, lost: 0 },
  { day: '2026-05-03', gained: 0, lost: 2 },
  { day: '2026-05-04', gained: 7, lost: 1 },
  { day: '2026-05-05', gained: 2, lost: 0 },
];
const movementRows = (rows: typeof MOVEMENT) =>
  rows.flatMap((m) => [
    { metric: 'followers_gained' as const, day: m.day, value: m.gained },
    { metric: 'followers_lost' as const, day: m.day, value: m.lost },
  ]);

async function followersByDay(userId: number) {
  const rows = await t.db.query<{ day: string; followers: number | null; followers_reconstructed: boolean }>(
    `SELECT day::text, followers, followers_reconstructed FROM user_metrics WHERE user_id = $1 AND tz = 'UTC' ORDER BY day`,
    [userId],
  );
  return Object.fromEntries(rows.map((r) => [r.day, [r.followers, r.followers_reconstructed]]));
}

async function youtubeWithHistory() {
  const userId = await makeUser(t.db);
  const accountId = await makeAccount(t.db, userId, 'youtube');
  // The first sync: a video published before the movement starts, the daily
  // movement the Analytics API reports, and the channel's counter now.
  await ingest(t.db, {
    userId, accountId, source: 'test',
    posts: [{ platformPostId: 'v1', publishedAt: at('2026-04-30T12:00:00Z') }],
    postMetrics: [{ platformPostId: 'v1', metric: 'views', value: 500, observedAt: at('2026-05-06T10:00:00Z') }],
    accountMetrics: [{ metric: 'followers', value: 1000, observedAt: at('2026-05-06T10:00:00Z') }],
    accountDaily: movementRows(MOVEMENT),
  });
  return { userId, accountId };
}

describe('followers before the first snapshot', () => {
  it('are the first snapshot minus the net movement of the later days, back to the first day with movement', async () => {
    const { userId } = await youtubeWithHistory();
    expect(await followersByDay(userId)).toEqual({
      '2026-04-30': [null, false], // before any reported movement: unknown
      '2026-05-01': [991, true],
      '2026-05-02': [994, true],
      '2026-05-03': [992, true],
      '2026-05-04': [998, true],
      '2026-05-05': [1000, true], // the snapshot's own day's movement is not subtracted
      '2026-05-06': [1000, false],
    });
  });

  it('make growth over a window before the first sync the platform\'s own net movement, flagged estimated', async () => {
    const { userId } = await youtubeWithHistory();
    const period = parsePeriod({ from: '2026-05-02', to: '2026-05-06' }, 'UTC', { now: at('2026-05-07T00:00:00Z') });
    const d = await dashboard(t.db, userId, period);
    expect(d.totals.followers).toBe(1000);
    expect(d.totals.follower_growth).toBe(3 - 2 + 6 + 2); // end of 05-01 (991) → 1000
    expect(d.totals.follower_growth_rate).toBe(Math.round((100 * 9 / 991) * 100) / 100);
    expect(d.totals.followers_estimated).toBe(true);
    expect(d.totals.contributors.followers).toEqual(['youtube']);
    expect(d.totals.contributors.follower_growth).toEqual(['youtube']);
    const g = await growth(t.db, userId, period, 'day');
    expect(g.platforms[0]).toMatchObject({ followers_start: 991, followers_end: 1000, follower_growth: 9, followers_estimated: true });
    expect(g.platforms[0]!.series.map((p) => p.followers)).toEqual([994, 992, 998, 1000, 1000]);
  });

  it('follow a revised day of movement and an earlier first snapshot on every day before it', async () => {
    const { userId, accountId } = await youtubeWithHistory();
    // YouTube revises 05-04: 9 gained instead of 7 (net +8). Only 05-04 arrives.
    await ingest(t.db, { userId, accountId, source: 'test', accountDaily: [{ metric: 'followers_gained', day: '2026-05-04', value: 9 }] });
    let f = await followersByDay(userId);
    expect(f['2026-05-03']).toEqual([990, true]); // 1000 − 8 − 2
    expect(f['2026-05-01']).toEqual([989, true]); // 990 − (−2) − 3

    // An imported snapshot from 05-03 becomes the anchor: only days before it are walked back.
    await ingest(t.db, { userId, accountId, source: 'test', accountMetrics: [{ metric: 'followers', value: 985, observedAt: at('2026-05-03T09:00:00Z') }] });
    f = await followersByDay(userId);
    expect(f['2026-05-02']).toEqual([985, true]);
    expect(f['2026-05-01']).toEqual([982, true]); // 985 − 3
    expect(f['2026-05-03']).toEqual([985, false]);
    expect(f['2026-05-05']).toEqual([985, false]); // carried forward from the snapshot, as after any snapshot
  });

  it('are not walked back where the platform reports no losses (gains alone are no net movement)', async () => {
    const userId = await makeUser(t.db);
    const accountId = await makeAccount(t.db, userId, 'instagram');
    await ingest(t.db, {
      userId, accountId, source: 'test',
      accountMetrics: [{ metric: 'followers', value: 300, observedAt: at('2026-05-06T10:00:00Z') }],
      accountDaily: [{ metric: 'followers_gained', day: '2026-05-04', value: 4 }, { metric: 'reach', day: '2026-05-04', value: 40 }],
    });
    const d = await dashboard(t.db, userId, parsePeriod({ from: '2026-05-04', to: '2026-05-06' }, 'UTC', { now: at('2026-05-07T00:00:00Z') }));
    expect(d.totals).toMatchObject({ followers: 300, follower_growth: null, followers_estimated: false });
    expect(d.totals.contributors).toMatchObject({ followers: ['instagram'], follower_growth: [] });
    expect(await followersByDay(userId)).toEqual({
      '2026-05-04': [null, false],
      '2026-05-05': [null, false],
      '2026-05-06': [300, false],
    });
  });
});
