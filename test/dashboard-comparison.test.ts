/**
 * The dashboard's headline figures against the previous period of the same
 * length (issue 9: "each with the change against the previous period,
 * computed by the API"). Expectations come from the reference computation in
 * helpers/dataset.ts for both periods, and the median score from the
 * performance endpoint's own per-post scores, sorted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { expectedFor, makeDataset, type Dataset } from './helpers/dataset.js';

let h: TestApp;
let user: { id: number; auth: { authorization: string } };
let data: Dataset;
const END = new Date('2026-05-31T18:00:00Z');
const TZ = 'Europe/Berlin';
const FROM = '2026-05-02';
const TO = '2026-05-31';
const PREVIOUS = { from: '2026-04-02', to: '2026-05-01' };

beforeAll(async () => {
  h = await createTestApp();
  user = await register(h.app, TZ);
  data = makeDataset(7, END, 90);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `acct-${platform}`, handle: `@me_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
});
afterAll(async () => {
  await h?.close();
});

async function dashboard(query: string) {
  const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/dashboard?${query}`, headers: user.auth });
  expect(res.statusCode).toBe(200);
  return res.json();
}

function expectedViews(from: string, to: string): number {
  let total = 0;
  for (const [platform, batch] of data.batches) total += expectedFor(batch, platform as Platform, from, to, TZ).activity.views ?? 0;
  return total;
}

async function medianScore(from: string, to: string): Promise<number | null> {
  const scores: number[] = [];
  let cursor: string | undefined;
  do {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?from=${from}&to=${to}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers: user.auth });
    const body = res.json();
    for (const item of body.items) if (item.performance_score !== null) scores.push(item.performance_score);
    cursor = body.next_cursor ?? undefined;
  } while (cursor);
  if (scores.length === 0) return null;
  scores.sort((a, b) => a - b);
  const mid = scores.length / 2;
  return Number.isInteger(mid) ? (scores[mid - 1]! + scores[mid]!) / 2 : scores[Math.floor(mid)]!;
}

describe('dashboard comparison with the previous period', () => {
  it('names the previous period of the same length', async () => {
    const body = await dashboard(`from=${FROM}&to=${TO}`);
    expect(body.comparison.previous_range).toEqual(PREVIOUS);
  });

  it('gives the previous views and their change, equal to the reference computation of both periods', async () => {
    const body = await dashboard(`from=${FROM}&to=${TO}`);
    const current = expectedViews(FROM, TO);
    const previous = expectedViews(PREVIOUS.from, PREVIOUS.to);
    expect(previous).toBeGreaterThan(0);
    expect(body.totals.views).toBe(current);
    expect(body.comparison.changes.views.previous).toBe(previous);
    expect(body.comparison.changes.views.change).toBe(current - previous);
    expect(body.comparison.changes.views.change_pct).toBeCloseTo((100 * (current - previous)) / previous, 2);
  });

  it('says for every headline figure what the dashboard of the previous period says', async () => {
    const now = await dashboard(`from=${FROM}&to=${TO}`);
    const before = await dashboard(`from=${PREVIOUS.from}&to=${PREVIOUS.to}`);
    for (const metric of ['views', 'engagement', 'engagement_rate', 'followers', 'follower_growth_rate', 'posts'] as const) {
      expect(now.comparison.changes[metric].previous, metric).toBe(before.totals[metric]);
    }
    expect(now.comparison.changes.performance_score.previous).toBe(before.performance_score);
    // Rates change in percentage points, never as a percentage of a percentage.
    expect(now.comparison.changes.engagement_rate.change_pct).toBeNull();
  });

  it('gives the median performance score of the posts published in the window', async () => {
    const body = await dashboard(`from=${FROM}&to=${TO}`);
    const expected = await medianScore(FROM, TO);
    expect(expected).not.toBeNull();
    expect(body.performance_score).toBeCloseTo(expected!, 2);
  });

  it('has no previous figures before the first data, and says so with nulls, not zeros', async () => {
    const body = await dashboard('from=2025-01-01&to=2025-01-31');
    expect(body.comparison.changes.views.previous).toBeNull();
    expect(body.comparison.changes.views.change).toBeNull();
    expect(body.performance_score).toBeNull();
  });
});
