/**
 * Every follower figure covers the same platforms and says which, on a user
 * whose four platforms' follower histories start on different days: YouTube's
 * walked back from its first snapshot with its daily gains and losses, the
 * others beginning at their first snapshot. Expectations come from the
 * observations below by hand (a per-day reference written here), and the
 * figures of the dashboard, growth, compare and the reports are compared with
 * each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { addDays } from '../src/analytics/period.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import type { ReportData } from '../src/reports/index.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';

let h: TestApp;
let user: { id: number; auth: { authorization: string } };

// YouTube: daily movement 03-01 … 03-21, first snapshot 03-22 (2000), another on 03-25 (2010).
const YT_MOVEMENT = Array.from({ length: 21 }, (_, i) => ({ day: addDays('2026-03-01', i), gained: 5 + (i % 3), lost: i % 2 }));
const SNAPSHOTS: Record<Platform, [string, number][]> = {
  youtube: [['2026-03-22T10:00:00Z', 2000], ['2026-03-25T10:00:00Z', 2010]],
  tiktok: [['2026-03-10T09:00:00Z', 5000], ['2026-03-15T09:00:00Z', 5040], ['2026-03-22T09:00:00Z', 5100]],
  instagram: [['2026-03-18T12:00:00Z', 800], ['2026-03-24T12:00:00Z', 812]],
  twitter: [['2026-03-22T15:00:00Z', 300]],
};
const PLATFORMS: Platform[] = ['instagram', 'tiktok', 'twitter', 'youtube'];

/** Followers at the end of `day` per platform (null: unknown), the reference the API is checked against. */
function followersOn(platform: Platform, day: string): number | null {
  let value: number | null = null;
  for (const [at, v] of SNAPSHOTS[platform]) if (at.slice(0, 10) <= day) value = v;
  if (value !== null || platform !== 'youtube') return value;
  // Before YouTube's first snapshot: the snapshot minus the net movement of the later days before its own day.
  const first = SNAPSHOTS.youtube[0]!;
  const firstDay = first[0].slice(0, 10);
  if (day < YT_MOVEMENT[0]!.day) return null;
  return first[1] - YT_MOVEMENT.filter((m) => m.day > day && m.day < firstDay).reduce((s, m) => s + m.gained - m.lost, 0);
}

/** Sum over the platforms with a count at `to`, null on a day where any of them is unknown. */
function expectedTrend(from: string, to: string): (number | null)[] {
  const included = PLATFORMS.filter((p) => followersOn(p, to) !== null);
  const out: (number | null)[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const values = included.map((p) => followersOn(p, d));
    out.push(values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0));
  }
  return out;
}

beforeAll(async () => {
  h = await createTestApp();
  user = await register(h.app, 'UTC');
  for (const platform of PLATFORMS) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `f-${platform}`, handle: `@f_${platform}` });
    await h.services.ingest({
      userId: user.id,
      accountId: account.id,
      source: 'test',
      accountMetrics: SNAPSHOTS[platform].map(([at, value]) => ({ metric: 'followers' as const, value, observedAt: new Date(at) })),
      accountDaily: platform === 'youtube'
        ? YT_MOVEMENT.flatMap((m) => [
            { metric: 'followers_gained' as const, day: m.day, value: m.gained },
            { metric: 'followers_lost' as const, day: m.day, value: m.lost },
          ])
        : [],
    });
  }
});
afterAll(async () => {
  await h?.close();
});

async function get(path: string) {
  const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/${path}`, headers: user.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('follower figures over platforms whose histories start on different days', () => {
  const from = '2026-03-05';
  const to = '2026-03-25';

  it('the dashboard trend sums the platforms of totals.followers, only on days where each is known', async () => {
    const d = await get(`dashboard?from=${from}&to=${to}`);
    const end = PLATFORMS.map((p) => followersOn(p, to)!);
    expect(d.totals.followers).toBe(end.reduce((a, b) => a + b, 0));
    expect(d.totals.contributors.followers).toEqual(PLATFORMS);
    const trend = d.trend.map((p: { followers: number | null }) => p.followers);
    expect(trend).toEqual(expectedTrend(from, to));
    // Known only from X's first snapshot (03-22) on, and then the same number as the total.
    expect(trend.findIndex((v: number | null) => v !== null)).toBe(17);
    expect(trend.at(-1)).toBe(d.totals.followers);
    // Platform rows add up to the total and each is the platform's own last count.
    for (const p of d.platforms) expect(p.followers, p.platform).toBe(followersOn(p.platform, to));
    expect(d.platforms.reduce((s: number, p: { followers: number }) => s + p.followers, 0)).toBe(d.totals.followers);
  });

  it('growth and compare draw one line per platform from that platform\'s first count, ending at the dashboard rows', async () => {
    const d = await get(`dashboard?from=${from}&to=${to}`);
    const rows = new Map(d.platforms.map((p: { platform: Platform; followers: number }) => [p.platform, p.followers]));
    const g = await get(`growth?from=${from}&to=${to}&granularity=day`);
    const c = await get(`compare?from=${from}&to=${to}&granularity=day`);
    for (const view of [g, c]) {
      for (const p of view.platforms) {
        const expected: (number | null)[] = [];
        for (let day = from; day <= to; day = addDays(day, 1)) expected.push(followersOn(p.platform, day));
        expect(p.series.map((s: { followers: number | null }) => s.followers), p.platform).toEqual(expected);
        expect(p.series.at(-1).followers).toBe(rows.get(p.platform));
      }
    }
    const yt = g.platforms.find((p: { platform: string }) => p.platform === 'youtube');
    expect([yt.followers_start, yt.followers_end]).toEqual([followersOn('youtube', addDays(from, -1)), 2010]);
    // TikTok's first count inside the window is no change: there is nothing before it to compare with.
    const tt = g.platforms.find((p: { platform: string }) => p.platform === 'tiktok');
    expect(tt.series.find((s: { date: string }) => s.date === '2026-03-10').follower_change).toBeNull();
    expect(tt.series.find((s: { date: string }) => s.date === '2026-03-15').follower_change).toBe(40);
  });

  it('a window that ends before a platform\'s first count covers the others, everywhere alike', async () => {
    const d = await get('dashboard?from=2026-03-12&to=2026-03-21');
    expect(d.totals.contributors.followers).toEqual(['instagram', 'tiktok', 'youtube']);
    expect(d.totals.followers).toBe(followersOn('youtube', '2026-03-21')! + 5040 + 800);
    expect(d.trend.map((p: { followers: number | null }) => p.followers)).toEqual(expectedTrend('2026-03-12', '2026-03-21'));
    expect(d.trend.at(-1).followers).toBe(d.totals.followers);
    expect(d.platforms.find((p: { platform: string }) => p.platform === 'twitter').followers).toBeNull();
  });

  it('reports: the KPI says which platforms, its change compares like with like, charts end at the platform rows', async () => {
    // 03-12 … 03-21: X has no count yet; the previous period (03-02 … 03-11) has YouTube and TikTok only.
    const res = await h.app.inject({
      method: 'POST', url: '/api/v1/analytics/reports', headers: user.auth,
      payload: { report_name: 'Followers', report_type: 'performance', date_range_start: '2026-03-12', date_range_end: '2026-03-21', platforms: ['youtube', 'tiktok', 'instagram', 'twitter'], export_format: 'json' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = (await h.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${res.json().id}?format=json`, headers: user.auth })).json() as ReportData;
    const d = await get('dashboard?from=2026-03-12&to=2026-03-21');
    const before = await get('dashboard?from=2026-03-02&to=2026-03-11');
    expect(before.totals.contributors.followers).toEqual(['tiktok', 'youtube']);
    const kpi = report.summary.items.find((i) => i.key === 'followers')!;
    expect(kpi).toMatchObject({ value: d.totals.followers, previous: before.totals.followers, sources: ['instagram', 'tiktok', 'youtube'] });
    // Instagram's 800 followers are an account, not growth: no change across differently made totals.
    expect([kpi.change, kpi.change_pct]).toEqual([null, null]);
    expect(report.notes.join(' ')).toMatch(/No follower count is stored for X/);
    expect(report.notes.join(' ')).toMatch(/previous period cover TikTok, YouTube, this period's cover Instagram, TikTok, YouTube/);
    const chart = report.sections.find((s) => s.id === 'followers_trend');
    expect(chart?.kind).toBe('chart');
    if (chart?.kind !== 'chart') return;
    const names: Record<string, Platform> = { YouTube: 'youtube', TikTok: 'tiktok', Instagram: 'instagram', X: 'twitter' };
    for (const s of chart.series) {
      const p = names[s.name]!;
      expect(s.values.at(-1), s.name).toBe(d.platforms.find((x: { platform: string }) => x.platform === p).followers);
      expect(s.values, s.name).toEqual(chart.x.values.map((day) => followersOn(p, day)));
    }
  });
});
