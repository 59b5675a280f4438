/**
 * GET /api/v1/analytics/insights and the dashboard's quick_insights: the
 * stored records as the job wrote them (not computed on request), filtered by
 * type, platforms and validity window; isolation between users; 400 naming
 * the field for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { refreshInsights } from '../src/insights/refresh.js';
import { addDays, todayIn } from '../src/analytics/period.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { batchOf, localSlot, plantPosts } from './insights-fixtures.js';

let h: TestApp;
let me: { id: number; auth: { authorization: string } };
let other: { id: number; auth: { authorization: string } };
let empty: { id: number; auth: { authorization: string } };
const END = new Date();
const TZ = 'Europe/Berlin';

interface Item { id: number; platform: string | null; insight_type: string; insight_data: Record<string, unknown>; summary: string; confidence_score: number; sample_size: number; generated_at: string; valid_until: string }

beforeAll(async () => {
  h = await createTestApp();
  me = await register(h.app, TZ);
  other = await register(h.app);
  empty = await register(h.app);
  // youtube: a planted best slot (Wednesday 12:00–15:00 in Berlin gets 3× the views); tiktok: too few posts.
  const youtube = plantPosts({
    seed: 81, count: 90, end: END, days: 200,
    publishedAt: (i, random, start, span) => {
      const at = new Date(start + Math.floor(random() * span));
      if (i % 5 === 0) {
        // Move it to the nearest Wednesday at 11:30 UTC (12:30 or 13:30 in Berlin).
        while (at.getUTCDay() !== 3) at.setTime(at.getTime() + 86_400_000);
        at.setUTCHours(11, 30, 0, 0);
      }
      return at;
    },
    multiplier: (p) => {
      const s = localSlot(p.publishedAt, TZ);
      return s.dow === 3 && s.hour >= 12 && s.hour < 15 ? 3 : 1;
    },
  });
  const tiktok = plantPosts({ seed: 82, count: 4, end: END, days: 40 });
  for (const [platform, posts] of [['youtube', youtube], ['tiktok', tiktok]] as const) {
    const account = await upsertAccount(h.t.db, me.id, { platform, externalId: `me-${platform}`, handle: '@me' });
    await h.services.ingest({ ...batchOf(posts, END), userId: me.id, accountId: account.id });
  }
  const theirs = await upsertAccount(h.t.db, other.id, { platform: 'instagram', externalId: 'other-ig', handle: '@other' });
  await h.services.ingest({ ...batchOf(plantPosts({ seed: 83, count: 40, end: END, days: 100 }), END), userId: other.id, accountId: theirs.id });
});
afterAll(async () => {
  await h?.close();
});

const get = (url: string, auth = me.auth) => h.app.inject({ method: 'GET', url, headers: auth });
const items = async (url: string, auth = me.auth): Promise<Item[]> => {
  const res = await get(url, auth);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Item[] }).items;
};

describe('GET /api/v1/analytics/insights', () => {
  it('is not computed on request: nothing before the job ran', async () => {
    expect(await items('/api/v1/analytics/insights')).toEqual([]);
  });

  it('answers the records the refresh wrote, with the planted slot, typed per kind', async () => {
    await refreshInsights(h.t.db, me.id);
    await refreshInsights(h.t.db, other.id);
    const all = await items('/api/v1/analytics/insights');
    const best = all.find((i) => i.insight_type === 'best_time' && i.platform === 'youtube')!;
    expect(best.insight_data).toMatchObject({ time_zone: TZ, reason: null });
    expect((best.insight_data.best as { day_of_week: number; hour: number }[])[0]).toMatchObject({ day_of_week: 3, hour: 12, slot_hours: 3 });
    expect(best.confidence_score).toBeGreaterThan(0);
    const thin = all.find((i) => i.insight_type === 'best_time' && i.platform === 'tiktok')!;
    expect(thin.insight_data.best).toEqual([]);
    expect(thin.insight_data.reason).toMatch(/Not enough data/);
    expect(thin.confidence_score).toBe(0);
    expect(all.some((i) => i.insight_type === 'trending_hashtags' && i.platform === null)).toBe(true);
    expect(all.some((i) => i.insight_type === 'content_recommendations' && i.platform === 'youtube')).toBe(true);
    for (const i of all) {
      expect(Date.parse(i.valid_until)).toBeGreaterThan(Date.parse(i.generated_at));
      expect(i.summary.length).toBeGreaterThan(0);
    }
  });

  it('filters by type and platforms; cross-platform records stay', async () => {
    const bt = await items('/api/v1/analytics/insights?type=best_time');
    expect(bt.length).toBeGreaterThan(0);
    expect(bt.every((i) => i.insight_type === 'best_time')).toBe(true);
    const two = await items('/api/v1/analytics/insights?type=best_time,trending_hashtags&platforms=tiktok');
    expect(two.map((i) => `${i.insight_type}:${i.platform}`).sort()).toEqual(['best_time:tiktok', 'trending_hashtags:null']);
  });

  it('from/to select records whose validity window overlaps the days', async () => {
    const today = todayIn(TZ);
    expect((await items(`/api/v1/analytics/insights?from=${today}&to=${today}`)).length).toBeGreaterThan(0);
    expect(await items(`/api/v1/analytics/insights?from=${addDays(today, -60)}&to=${addDays(today, -2)}`)).toEqual([]);
    expect(await items(`/api/v1/analytics/insights?from=${addDays(today, 30)}&to=${addDays(today, 40)}`)).toEqual([]);
    expect((await items('/api/v1/analytics/insights?range=all')).length).toBeGreaterThan(0);
  });

  it('another user\'s records are never answered', async () => {
    const mine = new Set((await items('/api/v1/analytics/insights')).map((i) => i.id));
    const theirs = await items('/api/v1/analytics/insights', other.auth);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((i) => !mine.has(i.id))).toBe(true);
    expect(theirs.every((i) => i.platform === null || i.platform === 'instagram')).toBe(true);
    expect(await items('/api/v1/analytics/insights', empty.auth)).toEqual([]);
  });

  it.each([
    ['type=bogus', 'type'],
    ['type=best_time,nope', 'type'],
    ['platforms=myspace', 'platforms'],
    ['from=2026-13-01', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-05-10&to=2026-05-01', 'from'],
    ['tz=Mars/Olympus', 'tz'],
    ['range=all&from=2026-01-01', 'range'],
  ])('400 naming the field: %s', async (query, field) => {
    const res = await get(`/api/v1/analytics/insights?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe(field);
  });

  it('401 without a token', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/analytics/insights' })).statusCode).toBe(401);
  });
});

describe('dashboard quick_insights', () => {
  it('links each headline insight to its record; leaves out records without enough evidence', async () => {
    const records = await items('/api/v1/analytics/insights');
    const res = await get('/api/v1/analytics/dashboard');
    expect(res.statusCode).toBe(200);
    const quick = res.json().quick_insights as { insight_type: string; insight_id: number; platform: string | null; summary: string }[];
    expect(quick.length).toBeGreaterThan(0);
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const q of quick) {
      const record = byId.get(q.insight_id)!;
      expect(record).toBeDefined();
      expect(q).toEqual({ insight_type: record.insight_type, insight_id: record.id, platform: record.platform, summary: record.summary });
      expect(record.confidence_score).toBeGreaterThan(0);
    }
    const best = quick.find((q) => q.insight_type === 'best_time' && q.platform === 'youtube');
    expect(best?.summary).toMatch(/Wednesday 12:00–15:00/);
    expect(quick.some((q) => q.platform === 'tiktok' && q.insight_type === 'best_time')).toBe(false);
    // The dashboard's platforms apply.
    const onlyTiktok = (await get('/api/v1/analytics/dashboard?platforms=tiktok')).json().quick_insights as { platform: string | null }[];
    expect(onlyTiktok.every((q) => q.platform === null || q.platform === 'tiktok')).toBe(true);
  });

  it('is an empty list for a user without insights', async () => {
    const res = await get('/api/v1/analytics/dashboard', empty.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().quick_insights).toEqual([]);
  });
});

describe('performance report: "Key insights and recommendations"', () => {
  async function report(auth: { authorization: string }, format: 'json' | 'pdf') {
    const today = todayIn(TZ);
    const res = await h.app.inject({
      method: 'POST', url: '/api/v1/analytics/reports', headers: auth,
      payload: { report_name: 'Insights review', report_type: 'performance', date_range_start: addDays(today, -29), date_range_end: today, export_format: format },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  }
  const keyInsights = async (auth: { authorization: string }) => {
    const { id } = await report(auth, 'json');
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${id}?format=json`, headers: auth });
    expect(res.statusCode).toBe(200);
    return (res.json() as { sections: { id: string; rows?: Record<string, unknown>[]; note?: string }[] }).sections.find((s) => s.id === 'key_insights')!;
  };

  it('lists the records that claim something, as the dashboard does', async () => {
    const section = await keyInsights(me.auth);
    const quick = (await get('/api/v1/analytics/dashboard')).json().quick_insights as { summary: string }[];
    expect(section.rows!.map((r) => r.summary)).toEqual(quick.map((q) => q.summary));
    expect(section.rows!.some((r) => r.insight === 'Best time to post' && r.platform === 'YouTube')).toBe(true);
    const pdf = await report(me.auth, 'pdf');
    const file = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/reports/${pdf.id}?format=pdf`, headers: me.auth });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says "not enough data yet" when there are no records', async () => {
    const section = await keyInsights(empty.auth);
    expect(section.rows).toEqual([]);
    expect(section.note).toMatch(/^Not enough data yet/);
  });
});
