/**
 * GET /api/v1/analytics/forecast on simulator-shaped data (the seeded dataset
 * of test/helpers/dataset.ts, ingested like a sync would): the history it
 * forecasts from is the platform's daily series as the growth endpoint shows
 * it, the answer is the forecast module's on that series, bad input is a 400
 * naming its field, and users see only their own forecasts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../src/analytics/period.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { forecastSeries } from '../src/forecast/forecast.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { makeDataset } from './helpers/dataset.js';

type User = { id: number; auth: { authorization: string } };
interface PlatformAnswer {
  platform: string;
  metric: string;
  history: { from: string | null; to: string | null; days: number };
  forecast: { model: string; backtest: Record<string, unknown>; points: { date: string; value: number }[] } | null;
  reason: string | null;
}

let h: TestApp;
let a: User;
let b: User;
let short: User;
let none: User;
const TZ = 'UTC';

async function seed(user: User, seedNo: number, days: number) {
  const data = makeDataset(seedNo, new Date(), days);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `acct-${platform}-${user.id}`, handle: `@u${user.id}_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
}

beforeAll(async () => {
  h = await createTestApp();
  a = await register(h.app, TZ);
  b = await register(h.app, TZ);
  short = await register(h.app, TZ);
  none = await register(h.app, TZ);
  await seed(a, 11, 240);
  await seed(b, 12, 240);
  await seed(short, 13, 40);
});
afterAll(async () => {
  await h?.close();
});

const get = (url: string, user: User | null) => h.app.inject({ method: 'GET', url, headers: user ? user.auth : {} });

/** The platform's daily values of `metric` over the history's days, read from the growth endpoint. */
async function growthValues(user: User, platform: string, metric: 'followers' | 'views' | 'engagement', from: string, to: string) {
  const res = await get(`/api/v1/analytics/growth?granularity=day&platforms=${platform}&from=${from}&to=${to}&tz=${TZ}`, user);
  expect(res.statusCode).toBe(200);
  return (res.json().platforms[0].series as Record<string, number | null>[]).map((p) => p[metric]!);
}

describe.each(['followers', 'views', 'engagement'] as const)('metric=%s', (metric) => {
  it('forecasts each platform from its daily history as growth shows it, or says why not', async () => {
    const res = await get(`/api/v1/analytics/forecast?metric=${metric}&horizon=14`, a);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { metric: string; horizon: number; tz: string; platforms: PlatformAnswer[] };
    expect(body).toMatchObject({ metric, horizon: 14, tz: TZ });
    expect(body.platforms.map((p) => p.platform)).toEqual(['instagram', 'tiktok', 'twitter', 'youtube']);
    const yesterday = addDays(todayIn(TZ), -1);
    for (const p of body.platforms) {
      expect(p.history.to! <= yesterday).toBe(true);
      const values = await growthValues(a, p.platform, metric, p.history.from!, p.history.to!);
      expect(values).toHaveLength(p.history.days);
      expect(values.every((v) => v !== null)).toBe(true);
      // The run is the last unbroken one: the day before it is unknown (or before the window).
      const before = await growthValues(a, p.platform, metric, addDays(p.history.from!, -1), addDays(p.history.from!, -1));
      expect(before[0] ?? null).toBeNull();
      const expected = forecastSeries({ values: values as number[], cumulative: metric === 'followers', horizon: 14, floor: 0 });
      if (expected.ok) {
        expect(p.reason).toBeNull();
        expect(p.forecast).toEqual({
          model: expected.model,
          backtest: expected.backtest,
          points: expected.points.map((pt, k) => ({ date: addDays(p.history.to!, k + 1), ...pt })),
        });
      } else {
        expect(p.forecast).toBeNull();
        expect(p.reason).toBe(expected.reason);
      }
    }
  });
});

describe('forecast endpoint', () => {
  it('offers a forecast somewhere on this data (followers grow steadily) and answers from the cache the second time', async () => {
    const url = '/api/v1/analytics/forecast?metric=followers&horizon=28';
    const first = await get(url, a);
    expect(first.headers['x-cache']).toBe('miss');
    const answers = first.json().platforms as PlatformAnswer[];
    expect(answers.some((p) => p.forecast !== null && p.forecast.points.length === 28)).toBe(true);
    const again = await get(url, a);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
  });

  it('too short a history: null with the days needed and had', async () => {
    const res = await get('/api/v1/analytics/forecast?metric=views', short);
    expect(res.statusCode).toBe(200);
    for (const p of res.json().platforms as PlatformAnswer[]) {
      expect(p.forecast).toBeNull();
      expect(p.reason).toBe(`History too short: a 28-day forecast needs 75 consecutive days of history, there are ${p.history.days}`);
      expect(p.history.days).toBeLessThanOrEqual(40);
    }
  });

  it('a user without accounts gets no platforms; the default metric is followers', async () => {
    const res = await get('/api/v1/analytics/forecast', none);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ metric: 'followers', horizon: 28, tz: TZ, platforms: [] });
  });

  it('platforms narrows the answer', async () => {
    const res = await get('/api/v1/analytics/forecast?platforms=tiktok,youtube&metric=engagement&horizon=7', a);
    expect((res.json().platforms as PlatformAnswer[]).map((p) => p.platform)).toEqual(['tiktok', 'youtube']);
  });

  it.each([
    ['metric=likes', 'metric'],
    ['metric=', 'metric'],
    ['horizon=0', 'horizon'],
    ['horizon=91', 'horizon'],
    ['horizon=abc', 'horizon'],
    ['horizon=1.5', 'horizon'],
    ['platforms=youtube,myspace', 'platforms'],
    ['tz=Mars/Olympus', 'tz'],
  ])('?%s is a 400 naming %s', async (qs, field) => {
    const res = await get(`/api/v1/analytics/forecast?${qs}`, a);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String), details: { field, reason: expect.any(String) } } });
  });

  it('needs a token', async () => {
    expect((await get('/api/v1/analytics/forecast', null)).statusCode).toBe(401);
  });

  it('each user forecasts their own data only, never from another user\'s cache entry', async () => {
    const url = '/api/v1/analytics/forecast?metric=followers&platforms=youtube&horizon=14';
    const fromA = await get(url, a);
    const fromB = await get(url, b);
    expect(fromB.headers['x-cache']).toBe('miss');
    const pa = fromA.json().platforms[0] as PlatformAnswer;
    const pb = fromB.json().platforms[0] as PlatformAnswer;
    // B's answer is the forecast of B's own series, which differs from A's.
    const valuesB = await growthValues(b, 'youtube', 'followers', pb.history.from!, pb.history.to!);
    const valuesA = await growthValues(a, 'youtube', 'followers', pa.history.from!, pa.history.to!);
    expect(valuesB).not.toEqual(valuesA);
    const expected = forecastSeries({ values: valuesB as number[], cumulative: true, horizon: 14, floor: 0 });
    expect(pb.forecast === null ? pb.reason : pb.forecast.model).toBe(expected.ok ? expected.model : expected.reason);
  });

  it('the growth answer links to the forecast of its platforms and zone', async () => {
    const growth = await get('/api/v1/analytics/growth?platforms=youtube,tiktok&tz=Europe/Berlin', a);
    const href = growth.json().forecast.href as string;
    expect(href).toBe('/api/v1/analytics/forecast?metric=followers&platforms=youtube%2Ctiktok&tz=Europe%2FBerlin');
    const res = await get(href, a);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ metric: 'followers', tz: 'Europe/Berlin' });
    expect((res.json().platforms as PlatformAnswer[]).map((p) => p.platform)).toEqual(['tiktok', 'youtube']);
  });
});
