/**
 * The insight kinds on constructed data where the right answer is known and
 * computed here independently (Intl for local slots, plain loops for means,
 * medians and robust z): a planted best slot, a planted hashtag lift, planted
 * outliers; the null cases; confidence rising with sample size and effect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import type { Db } from '../src/db/client.js';
import { currentInsights, type InsightRow } from '../src/db/repositories/insights.js';
import { createIngest } from '../src/ingest/create-ingest.js';
import { refreshInsights } from '../src/insights/refresh.js';
import { confidenceOf } from '../src/insights/stats.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';
import { batchOf, DAY_MS, localSlot, meanOf, medianOf, plantPosts, type PlantedPost } from './insights-fixtures.js';

const END = new Date('2026-06-01T12:00:00Z');
let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(async () => {
  await t?.close();
});

async function userWith(tz: string, sets: [Platform, PlantedPost[]][]): Promise<number> {
  const userId = await makeUser(db, tz);
  const ingest = createIngest(db);
  for (const [platform, posts] of sets) {
    const accountId = await makeAccount(db, userId, platform);
    await ingest({ ...batchOf(posts, END), userId, accountId });
  }
  return userId;
}

/** The kinds of this file (the registry may hold others, e.g. audience_demographics, tested in their own file). */
const MINE = ['best_time', 'content_recommendations', 'trending_hashtags'];

async function records(userId: number): Promise<InsightRow[]> {
  await refreshInsights(db, userId, END);
  return (await currentInsights(db, userId, END)).filter((r) => MINE.includes(r.insight_type));
}

function one<T>(rows: InsightRow[], type: string, platform: Platform | null): InsightRow & { insight_data: T } {
  const found = rows.filter((r) => r.insight_type === type && r.platform === platform);
  expect(found, `${type} ${platform}`).toHaveLength(1);
  return found[0] as InsightRow & { insight_data: T };
}

interface BestTime { time_zone: string; best: { day_of_week: number; hour: number; slot_hours: number; posts: number; lift: number }[]; reason: string | null; cross_platform_best: unknown[] }
interface Hashtags { hashtags: { tag: string; kind: string; posts: number; lift: number; interval: [number, number]; rising: boolean }[]; reason: string | null }
interface Recs { recommendations: { kind: string; message: string }[]; above_average: number[]; below_average: number[]; reason: string | null }

const NY = 'America/New_York';
/** Tuesday 23:30 UTC is Tuesday 18:30 (EST) or 19:30 (EDT) in New York: inside the 18:00–21:00 block either way. */
function plantedTuesdays(count: number, seed: number, multiplier: number, sigma = 0.4): PlantedPost[] {
  const tuesdays: Date[] = [];
  for (let d = END.getTime() - 230 * DAY_MS; d < END.getTime() - 8 * DAY_MS; d += DAY_MS) {
    const day = new Date(d);
    if (day.getUTCDay() === 2) tuesdays.push(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 30)));
  }
  const inSlot = (at: Date) => {
    const s = localSlot(at, NY);
    return s.dow === 2 && s.hour >= 18 && s.hour < 21;
  };
  const planted = Math.max(8, Math.round(count / 6));
  return plantPosts({
    seed, count, end: END, days: 220, sigma,
    publishedAt: (i, random, start, span) => (i < planted ? tuesdays[i % tuesdays.length]! : new Date(start + Math.floor(random() * span))),
    multiplier: (p) => (inSlot(p.publishedAt) ? multiplier : 1),
  });
}

describe('best_time', () => {
  it('finds the planted weekday × hour block in the user\'s zone, best first', async () => {
    const posts = plantedTuesdays(90, 11, 3);
    const userId = await userWith(NY, [['youtube', posts]]);
    const rec = one<BestTime>(await records(userId), 'best_time', 'youtube');
    // Independently: the 3-hour cell (with 5+ posts) of the highest mean log views, by Intl.
    const cells = new Map<string, number[]>();
    for (const p of posts) {
      const s = localSlot(p.publishedAt, NY);
      const key = `${s.dow}-${Math.floor(s.hour / 3) * 3}`;
      cells.set(key, [...(cells.get(key) ?? []), Math.log1p(p.views)]);
    }
    const [bestKey] = [...cells].filter(([, v]) => v.length >= 5).sort((a, b) => meanOf(b[1]) - meanOf(a[1]))[0]!;
    expect(bestKey).toBe('2-18');
    expect(rec.insight_data.reason).toBeNull();
    expect(rec.insight_data.time_zone).toBe(NY);
    const top = rec.insight_data.best[0]!;
    expect(`${top.day_of_week}-${top.hour}`).toBe(bestKey);
    expect(top.slot_hours).toBe(3);
    expect(top.posts).toBe(cells.get(bestKey)!.length);
    // Shrunk toward the account mean: above 1, not above the raw cell lift.
    const all = posts.map((p) => Math.log1p(p.views));
    expect(top.lift).toBeGreaterThan(1.5);
    expect(top.lift).toBeLessThanOrEqual(Math.exp(meanOf(cells.get(bestKey)!) - meanOf(all)) + 0.01);
    for (let i = 1; i < rec.insight_data.best.length; i++) expect(rec.insight_data.best[i]!.lift).toBeLessThanOrEqual(rec.insight_data.best[i - 1]!.lift);
    expect(rec.sample_size).toBe(posts.length);
    expect(rec.confidence_score).toBeGreaterThan(0);
  });

  it('below 10 posts on a platform says so, and offers the cross-platform pattern labelled as such', async () => {
    const userId = await userWith(NY, [['youtube', plantedTuesdays(60, 12, 3)], ['tiktok', plantPosts({ seed: 13, count: 6, end: END, days: 60 })]]);
    const rows = await records(userId);
    const thin = one<BestTime>(rows, 'best_time', 'tiktok');
    expect(thin.insight_data.best).toEqual([]);
    expect(thin.insight_data.reason).toMatch(/Not enough data: 6 posts on TikTok/);
    expect(thin.insight_data.reason).toMatch(/your pattern across all your platforms is given instead/);
    expect(thin.insight_data.cross_platform_best.length).toBeGreaterThan(0);
    expect(thin.confidence_score).toBe(0);
    expect(thin.sample_size).toBe(6);
    expect(one<BestTime>(rows, 'best_time', 'youtube').insight_data.cross_platform_best).toEqual([]);
  });

  it('confidence rises with sample size and with effect', async () => {
    const small = one<BestTime>(await records(await userWith(NY, [['youtube', plantedTuesdays(50, 21, 3)]])), 'best_time', 'youtube');
    const large = one<BestTime>(await records(await userWith(NY, [['youtube', plantedTuesdays(200, 21, 3)]])), 'best_time', 'youtube');
    expect(small.insight_data.best.length).toBeGreaterThan(0);
    expect(large.confidence_score).toBeGreaterThan(small.confidence_score);
    const weak = one<BestTime>(await records(await userWith(NY, [['youtube', plantedTuesdays(120, 22, 1.6)]])), 'best_time', 'youtube');
    const strong = one<BestTime>(await records(await userWith(NY, [['youtube', plantedTuesdays(120, 22, 4)]])), 'best_time', 'youtube');
    expect(strong.insight_data.best.length).toBeGreaterThan(0);
    expect(strong.confidence_score).toBeGreaterThan(weak.confidence_score);
  });
});

describe('trending_hashtags', () => {
  it('finds the planted hashtag with its lift and an interval that excludes 1, flagged rising', async () => {
    const tags = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const posts = plantPosts({
      seed: 31, count: 100, end: END, days: 200,
      caption: (i, random) => `post number ${i} #${tags[Math.floor(random() * tags.length)]}${i % 6 === 0 ? ' #sunset' : ''}`,
      multiplier: (p) => (p.caption.includes('#sunset') ? 2.5 : 1),
    });
    // Three recent posts (younger than 7 days: not scored) that use it: its share rises.
    const recent = plantPosts({ seed: 32, count: 3, end: END, days: 1, caption: (i) => `new ${i} #sunset`, publishedAt: (i) => new Date(END.getTime() - (2 + i) * DAY_MS) });
    const userId = await userWith('UTC', [['instagram', [...posts, ...recent]]]);
    const rec = one<Hashtags>(await records(userId), 'trending_hashtags', null);
    const tagged = posts.filter((p) => p.caption.includes('#sunset')).map((p) => Math.log1p(p.views));
    const rest = posts.filter((p) => !p.caption.includes('#sunset')).map((p) => Math.log1p(p.views));
    const expectedLift = Math.exp(meanOf(tagged) - meanOf(rest));
    expect(expectedLift).toBeGreaterThan(1.8);
    expect(rec.insight_data.reason).toBeNull();
    const top = rec.insight_data.hashtags[0]!;
    expect(top).toMatchObject({ tag: 'sunset', kind: 'hashtag', posts: tagged.length, rising: true });
    expect(top.lift).toBeCloseTo(expectedLift, 1);
    expect(top.interval[0]).toBeGreaterThan(1);
    expect(top.interval[0]).toBeLessThanOrEqual(top.lift);
    expect(top.interval[1]).toBeGreaterThanOrEqual(top.lift);
    for (const h of rec.insight_data.hashtags.slice(1)) expect(h.lift).toBeLessThanOrEqual(top.lift);
    expect(rec.sample_size).toBe(posts.length);
    expect(rec.confidence_score).toBeGreaterThan(0);
  });

  it('random tags without an effect are not listed (no signal)', async () => {
    const tags = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const posts = plantPosts({ seed: 33, count: 120, end: END, days: 200, caption: (i, random) => `post number ${i} #${tags[Math.floor(random() * tags.length)]}` });
    const rec = one<Hashtags>(await records(await userWith('UTC', [['instagram', posts]])), 'trending_hashtags', null);
    expect(rec.insight_data.hashtags).toEqual([]);
    expect(rec.insight_data.reason).toMatch(/^No signal/);
    expect(rec.confidence_score).toBe(0);
  });
});

describe('content_recommendations', () => {
  it('lists the planted outliers by content id, found by a robust z computed here', async () => {
    const posts = plantPosts({ seed: 41, count: 40, end: END, days: 120, sigma: 0.3, multiplier: (p) => (p.index === 7 ? 40 : p.index === 12 ? 1 / 40 : 1) });
    const userId = await userWith('UTC', [['youtube', posts]]);
    const rec = one<Recs>(await records(userId), 'content_recommendations', 'youtube');
    const ids = new Map((await db.query<{ platform_post_id: string; content_id: number }>('SELECT platform_post_id, content_id FROM platform_posts WHERE user_id = $1', [userId])).map((r) => [r.platform_post_id, r.content_id]));
    const logs = posts.map((p) => Math.log1p(p.views));
    const med = medianOf(logs);
    const scale = 1.4826 * medianOf(logs.map((x) => Math.abs(x - med)));
    const z = posts.map((p, i) => ({ id: ids.get(p.id)!, z: (logs[i]! - med) / scale }));
    const above = z.filter((r) => r.z >= 3.5).sort((a, b) => b.z - a.z).map((r) => r.id);
    const below = z.filter((r) => r.z <= -3.5).sort((a, b) => a.z - b.z).map((r) => r.id);
    expect(above).toEqual([ids.get(posts[7]!.id)]);
    expect(below).toEqual([ids.get(posts[12]!.id)]);
    expect(rec.insight_data.above_average).toEqual(above);
    expect(rec.insight_data.below_average).toEqual(below);
    expect(rec.insight_data.recommendations.map((r) => r.kind)).toContain('outliers');
    expect(rec.confidence_score).toBeGreaterThan(0);
  });
});

describe('null cases say "not enough evidence", not noise', () => {
  it('no data: one record per kind, cross-platform, with a reason and confidence 0', async () => {
    const userId = await makeUser(db, 'UTC');
    const rows = await records(userId);
    expect(rows.map((r) => r.insight_type).sort()).toEqual(MINE);
    for (const r of rows) {
      expect(r.platform).toBeNull();
      expect(r.confidence_score).toBe(0);
      expect(r.sample_size).toBe(0);
      expect((r.insight_data as { reason: string }).reason).toMatch(/^Not enough data/);
    }
  });

  it('too little data: 5 posts', async () => {
    const rows = await records(await userWith('UTC', [['twitter', plantPosts({ seed: 51, count: 5, end: END, days: 30 })]]));
    for (const r of rows) {
      expect(r.confidence_score).toBe(0);
      expect((r.insight_data as { reason: string }).reason).toMatch(/^Not enough data/);
    }
    expect(one<BestTime>(rows, 'best_time', 'twitter').insight_data.best).toEqual([]);
  });

  it('a flat series (every post the same views): no signal from any kind', async () => {
    const tags = ['alpha', 'bravo', 'charlie'];
    const posts = plantPosts({ seed: 52, count: 60, end: END, days: 120, sigma: 0, caption: (i) => `post number ${i} #${tags[i % 3]}` });
    const rows = await records(await userWith('UTC', [['tiktok', posts]]));
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.confidence_score).toBe(0);
      expect((r.insight_data as { reason: string }).reason).toMatch(/^No signal/);
    }
    expect(one<Recs>(rows, 'content_recommendations', 'tiktok').insight_data).toMatchObject({ recommendations: [], above_average: [], below_average: [] });
  });

  it('random posting times without an effect: no slot is listed', async () => {
    const posts = plantPosts({ seed: 54, count: 150, end: END, days: 200 });
    const rec = one<BestTime>(await records(await userWith(NY, [['instagram', posts]])), 'best_time', 'instagram');
    expect(rec.insight_data.best).toEqual([]);
    expect(rec.insight_data.reason).toMatch(/^No signal/);
  });

  it('posts not yet 7 days old are not scored', async () => {
    const young = plantPosts({ seed: 53, count: 20, end: END, days: 1, publishedAt: (i) => new Date(END.getTime() - (1 + (i % 5)) * DAY_MS) });
    const rows = await records(await userWith('UTC', [['youtube', young]]));
    expect(one<BestTime>(rows, 'best_time', 'youtube').sample_size).toBe(0);
  });
});

describe('confidence formula', () => {
  it('rises with the standardized effect and with the sample size, and is 0 without an effect', () => {
    expect(confidenceOf(0, 100)).toBe(0);
    expect(confidenceOf(3, 100)).toBeGreaterThan(confidenceOf(2, 100));
    expect(confidenceOf(3, 100)).toBeGreaterThan(confidenceOf(3, 20));
    expect(confidenceOf(8, 1e6)).toBeLessThanOrEqual(1);
  });
});
