/**
 * Ranges of any length and the `range=all` preset (issue 11, item 9), over
 * nine years of posts and snapshots (2017 to 2026). Expectations are computed
 * here from the raw observations with plain loops and Intl, not with the SQL:
 * summed over all time, activity equals the latest lifetime counters, and the
 * earliest day is the first publish day or snapshot in the user's zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import type { ObservationBatch } from '../src/ingest/observations.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { localDay, rng } from './helpers/dataset.js';

const TZ = 'Asia/Tokyo'; // UTC+9: the earliest instant below falls on the next day here
const OTHER_TZ = 'America/Los_Angeles';
const FIRST = new Date('2017-02-10T20:00:00Z'); // a follower snapshot: the user's earliest data
const END = new Date('2026-11-30T12:00:00Z');
const METRICS = ['views', 'likes', 'comments', 'shares'] as const;
const PLATFORMS: Platform[] = ['youtube', 'tiktok', 'instagram', 'twitter'];

let h: TestApp;
let user: { id: number; auth: { authorization: string } };
let empty: { id: number; auth: { authorization: string } };
const batches = new Map<Platform, Omit<ObservationBatch, 'userId' | 'accountId'>>();

/** Posts every few months from 2017, each observed every ~3 weeks until END; followers observed monthly. */
function nineYears(): void {
  const random = rng(2017);
  const start = new Date('2017-03-01T00:00:00Z').getTime();
  for (const [p, platform] of PLATFORMS.entries()) {
    const batch: Required<Omit<ObservationBatch, 'userId' | 'accountId'>> = { source: 'test', posts: [], postMetrics: [], accountMetrics: [], accountDaily: [], audience: [], accountRevenue: [] };
    for (let i = 0; i < 12; i++) {
      const publishedAt = new Date(start + p * 86_400_000 * 17 + i * 86_400_000 * 290 + Math.floor(random() * 86_400_000));
      const id = `${platform}-${i}`;
      batch.posts.push({ platformPostId: id, publishedAt, caption: `post ${i}`, mediaType: 'video' });
      const values: Record<string, number> = { views: 0, likes: 0, comments: 0, shares: 0 };
      for (let t = publishedAt.getTime() + 3_600_000; t < END.getTime(); t += Math.floor((10 + random() * 20) * 86_400_000)) {
        for (const m of METRICS) {
          // Mostly growth, sometimes a drop: all-time activity must still equal the latest value.
          values[m] = Math.max(0, values[m]! + Math.floor((random() - 0.1) * (m === 'views' ? 900 : 60)));
          batch.postMetrics.push({ platformPostId: id, metric: m, value: values[m]!, observedAt: new Date(t) });
        }
      }
    }
    let followers = 100 + p * 1000;
    for (let t = FIRST.getTime() + p * 86_400_000; t < END.getTime(); t += 30 * 86_400_000) {
      followers += Math.floor((random() - 0.2) * 80);
      batch.accountMetrics.push({ metric: 'followers', value: followers, observedAt: new Date(t) });
    }
    batches.set(platform, batch);
  }
}

/** The latest lifetime value of each metric, summed over every post: what all-time activity must equal. */
function latestLifetime(): Record<string, number> {
  const latest = new Map<string, { at: number; value: number }>();
  for (const [platform, batch] of batches) {
    for (const o of batch.postMetrics ?? []) {
      const key = `${platform}/${o.platformPostId}/${o.metric}`;
      const seen = latest.get(key);
      if (!seen || o.observedAt.getTime() > seen.at) latest.set(key, { at: o.observedAt.getTime(), value: o.value });
    }
  }
  const out: Record<string, number> = { views: 0, likes: 0, comments: 0, shares: 0 };
  for (const [key, { value }] of latest) out[key.split('/')[2]!]! += value;
  return out;
}

/** The first publish day or snapshot day of the user, in `tz`. */
function earliestDay(tz: string): string {
  const instants: Date[] = [];
  for (const batch of batches.values()) {
    for (const p of batch.posts ?? []) instants.push(p.publishedAt);
    for (const o of batch.postMetrics ?? []) instants.push(o.observedAt);
    for (const o of batch.accountMetrics ?? []) instants.push(o.observedAt);
  }
  return instants.map((d) => localDay(d, tz)).sort()[0]!;
}

const today = (tz: string) => localDay(new Date(), tz);
/** today + `years` years + `days` days, as a calendar date (February 29th rolls to March 1st). */
function shifted(day: string, years: number, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d + days)).toISOString().slice(0, 10);
}

beforeAll(async () => {
  nineYears();
  h = await createTestApp();
  user = await register(h.app, TZ);
  empty = await register(h.app, TZ);
  for (const [platform, batch] of batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `nine-${platform}`, handle: `@nine_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function get(url: string, auth = user.auth) {
  return h.app.inject({ method: 'GET', url, headers: auth });
}

function expect400(res: { statusCode: number; json: () => unknown }, field: string) {
  expect(res.statusCode).toBe(400);
  expect((res.json() as { error: { details: { field: string } } }).error.details.field).toBe(field);
}

describe('range=all over nine years', () => {
  it('starts on the earliest day with data in the zone and its totals equal the latest lifetime counters', async () => {
    const started = Date.now();
    const res = await get('/api/v1/analytics/dashboard?range=all');
    const elapsed = Date.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // 2017-02-10T20:00Z is February 11th in Tokyo.
    expect(earliestDay(TZ)).toBe('2017-02-11');
    expect(body.range).toMatchObject({ from: '2017-02-11', to: today(TZ), tz: TZ });
    const days = Math.round((Date.parse(`${today(TZ)}T00:00:00Z`) - Date.parse('2017-02-11T00:00:00Z')) / 86_400_000) + 1;
    expect(body.range.days).toBe(days);
    expect(days).toBeGreaterThan(3_500);
    // One trend point per day, in order, no gaps.
    expect(body.trend).toHaveLength(days);
    expect([body.trend[0].date, body.trend.at(-1).date]).toEqual(['2017-02-11', today(TZ)]);

    const lifetime = latestLifetime();
    for (const m of METRICS) expect(body.totals[m], m).toBe(lifetime[m]);
    expect(body.totals.engagement).toBe(lifetime.likes! + lifetime.comments! + lifetime.shares!);
    expect(body.totals.posts).toBe(PLATFORMS.length * 12);
    // Followers now: the last snapshot of each account, summed.
    const lastFollowers = [...batches.values()].reduce((s, b) => s + b.accountMetrics!.at(-1)!.value, 0);
    expect(body.totals.followers).toBe(lastFollowers);
    // The trend sums to the totals: every day of the nine years is in it.
    expect(body.trend.reduce((s: number, p: { views: number | null }) => s + (p.views ?? 0), 0)).toBe(lifetime.views);
    // Linear work over ~3,600 days and ~18k rows: well under the test's budget (PGlite, shared cores).
    expect(elapsed).toBeLessThan(15_000);
  });

  it('is the explicit range from the earliest day to today, under one cache entry', async () => {
    const viaPreset = await get('/api/v1/analytics/performance?range=all&limit=500');
    expect(viaPreset.statusCode).toBe(200);
    const explicit = await get(`/api/v1/analytics/performance?from=${earliestDay(TZ)}&to=${today(TZ)}&limit=500`);
    expect(explicit.statusCode).toBe(200);
    // The cache key holds the resolved dates, so the spelled-out query is the same entry.
    expect([viaPreset.headers['x-cache'], explicit.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(explicit.body).toBe(viaPreset.body);
    expect(viaPreset.json().items).toHaveLength(PLATFORMS.length * 12);

    for (const path of ['growth?granularity=month', 'compare', 'platform/youtube']) {
      const preset = await get(`/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}range=all`);
      const dates = await get(`/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}from=${earliestDay(TZ)}&to=${today(TZ)}`);
      expect(preset.statusCode, `${path}: ${preset.body}`).toBe(200);
      expect(dates.json(), path).toEqual(preset.json());
    }
    // Ten nine-year answers: 15 s alone, over 60 s while other test files load the shared cores.
  }, 120_000);

  it('resolves in the zone asked for', async () => {
    const res = await get(`/api/v1/analytics/dashboard?range=all&tz=${encodeURIComponent(OTHER_TZ)}`);
    expect(res.statusCode).toBe(200);
    expect(earliestDay(OTHER_TZ)).toBe('2017-02-10');
    expect(res.json().range).toMatchObject({ from: '2017-02-10', to: today(OTHER_TZ) });
    expect(res.json().totals.views).toBe(latestLifetime().views);
  });

  it('exports all time', async () => {
    const res = await get('/api/v1/analytics/export?range=all&format=json&granularity=day');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`pulseboard-day-${earliestDay(TZ)}-to-${today(TZ)}.json`);
    const rows = res.json() as { views: number | null }[];
    expect(rows.reduce((s, r) => s + (r.views ?? 0), 0)).toBe(latestLifetime().views);
  });

  it('is today alone for a user with no data', async () => {
    const res = await get('/api/v1/analytics/dashboard?range=all', empty.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().range).toMatchObject({ from: today(TZ), to: today(TZ), days: 1 });
  });
});

describe('range bounds', () => {
  it('accepts a range longer than five years', async () => {
    const res = await get(`/api/v1/analytics/dashboard?from=2005-01-01&to=${today(TZ)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals.views).toBe(latestLifetime().views);
  });

  it('accepts up to a year after today in the zone', async () => {
    const res = await get(`/api/v1/analytics/dashboard?from=${today(TZ)}&to=${shifted(today(TZ), 1, 0)}`);
    expect(res.statusCode, res.body).toBe(200);
  });

  it.each([
    ['from=2004-12-31&to=2017-01-01', 'from'],
    ['to=2004-12-31', 'to'],
    ['range=all&from=2017-01-01', 'range'],
    ['range=all&to=2026-01-01', 'range'],
    ['range=forever', 'range'],
  ])('%s → 400 on %s', async (query, field) => {
    expect400(await get(`/api/v1/analytics/dashboard?${query}`), field);
  });

  it('refuses a day after today + 1 year, on whichever field names it', async () => {
    const tooLate = shifted(today(TZ), 1, 1);
    expect400(await get(`/api/v1/analytics/dashboard?from=${today(TZ)}&to=${tooLate}`), 'to');
    // Only `from` given: `to` defaults to today, so the refusal is about `from` itself, not the order.
    expect400(await get(`/api/v1/analytics/export?from=${tooLate}`), 'from');
  });

  it('takes a nine-year report range by the same parser, and refuses one from before 2005', async () => {
    const body = { report_name: 'All of it', report_type: 'performance', export_format: 'json', date_range_start: '2017-01-01', date_range_end: today(TZ) };
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: user.auth, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'completed', date_range_start: '2017-01-01', date_range_end: today(TZ) });
    const early = await h.app.inject({ method: 'POST', url: '/api/v1/analytics/reports', headers: user.auth, payload: { ...body, date_range_start: '2004-12-31' } });
    expect400(early, 'date_range_start');
  });
});
