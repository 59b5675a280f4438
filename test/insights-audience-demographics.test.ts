/**
 * audience_demographics on seeded reports (stored through ingestion, the one
 * entry point): one record per platform that reports demographics, TikTok and
 * X absent, shares combined over a platform's accounts by what each rests on,
 * Instagram under 100 followers saying why, confidence from the sample, and
 * every user seeing only their own audience. Expected values are worked out
 * by hand below, not by the module's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { ingest } from '../src/ingest/ingest.js';
import type { AudienceReportObservation } from '../src/ingest/observations.js';
import { audienceDemographics, type AudienceDemographicsData } from '../src/insights/kinds/audience-demographics.js';
import { refreshInsights } from '../src/insights/refresh.js';
import type { InsightDraft } from '../src/insights/types.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { publicIdOf } from './helpers/ids.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const REPORTED = new Date('2026-06-15T06:00:00Z');

let t: TestDb;
const window = { periodStart: '2026-03-18', periodEnd: '2026-06-15' };

function yt(views: Record<string, number>, age: Record<string, number>, gender: Record<string, number>): AudienceReportObservation[] {
  const basis = { kind: 'views' as const, count: Object.values(views).reduce((a, b) => a + b, 0) };
  const values = (o: Record<string, number>) => Object.entries(o).map(([bucket, value]) => ({ bucket, value }));
  return [
    { dimension: 'age', metric: 'viewerPercentage', unit: 'percent', ...window, basis, values: values(age), reportedAt: REPORTED },
    { dimension: 'gender', metric: 'viewerPercentage', unit: 'percent', ...window, basis, values: values(gender), reportedAt: REPORTED },
    { dimension: 'country', metric: 'views', unit: 'views', ...window, basis, values: values(views), reportedAt: REPORTED },
  ];
}

function ig(followers: number, dims: Partial<Record<'age' | 'gender' | 'country' | 'city', Record<string, number>>>, reason?: string): AudienceReportObservation[] {
  return (['age', 'gender', 'country', 'city'] as const).map((dimension) => {
    const r: AudienceReportObservation = {
      dimension,
      metric: 'follower_demographics',
      unit: 'followers',
      basis: { kind: 'followers', count: followers },
      values: Object.entries(dims[dimension] ?? {}).map(([bucket, value]) => ({ bucket, value })),
      reportedAt: REPORTED,
    };
    if (reason) r.unavailableReason = reason;
    else if (r.values.length === 0) r.unavailableReason = 'Instagram returned no follower demographics (empty data: not available for this account)';
    return r;
  });
}

async function seed(userId: number, platform: Platform, audience: AudienceReportObservation[]): Promise<number> {
  const accountId = await makeAccount(t.db, userId, platform);
  await ingest(t.db, { userId, accountId, source: `${platform}_api`, audience });
  return accountId;
}

const compute = (userId: number) => audienceDemographics.compute({ db: t.db, userId, timeZone: 'UTC', now: NOW });
const byPlatform = (drafts: InsightDraft<AudienceDemographicsData>[]) => new Map(drafts.map((d) => [d.platform, d]));
/** The module's documented formula, written out again: 1 − (100·1.96·0.5/√n)/10, two decimals. */
const expectedConfidence = (n: number) => Math.round((1 - (100 * 1.96 * 0.5) / Math.sqrt(n) / 10) * 100) / 100;

let alice: number;
let bob: number;
let carol: number;
let aliceSmallIg: number;

beforeAll(async () => {
  t = await createTestDb();
  alice = await makeUser(t.db);
  bob = await makeUser(t.db);
  carol = await makeUser(t.db);
  // Alice: two channels (9,000 and 1,000 views), a 2,500-follower and an 87-follower Instagram account, TikTok and X.
  await seed(alice, 'youtube', yt({ US: 6000, GB: 3000 }, { 'age18-24': 40, 'age25-34': 50, 'age65-': 10 }, { female: 30, male: 70 }));
  await seed(alice, 'youtube', yt({ US: 200, IN: 800 }, { 'age18-24': 80, 'age25-34': 20 }, { female: 60, male: 39.9 }));
  await seed(alice, 'instagram', ig(2500, { age: { '18-24': 600, '25-34': 900, '35-44': 300 }, gender: { F: 1000, M: 700, U: 100 }, country: { US: 1200, GB: 400 }, city: { 'London, England': 300, 'New York, New York': 500 } }));
  aliceSmallIg = await seed(alice, 'instagram', ig(87, {}, 'Instagram reports follower demographics only for accounts with 100 or more followers (this account has 87)'));
  await makeAccount(t.db, alice, 'tiktok');
  await makeAccount(t.db, alice, 'twitter');
  // Bob: one channel with a different audience.
  await seed(bob, 'youtube', yt({ BR: 500, PT: 500 }, { 'age45-54': 100 }, { male: 100 }));
  // Carol: only an Instagram account under 100 followers.
  await seed(carol, 'instagram', ig(42, {}, 'Instagram reports follower demographics only for accounts with 100 or more followers (this account has 42)'));
});
afterAll(async () => {
  await t?.close();
});

describe('audience_demographics', () => {
  it('one record per platform that reports demographics; TikTok and X are absent, not estimated', async () => {
    const drafts = await compute(alice);
    expect(drafts.map((d) => d.platform).sort()).toEqual(['instagram', 'youtube']);
  });

  it('YouTube: shares weighted by the views each channel rests on, counts added, labels made common', async () => {
    const d = byPlatform(await compute(alice)).get('youtube')!;
    // Weights 9,000/10,000 and 1,000/10,000.
    expect(d.data.age).toEqual([
      { group: '18-24', percentage: 0.9 * 40 + 0.1 * 80 }, // 44
      { group: '25-34', percentage: 0.9 * 50 + 0.1 * 20 }, // 47
      { group: '65+', percentage: 0.9 * 10 }, // 9
    ]);
    expect(d.data.gender).toEqual([
      { group: 'male', percentage: Math.round((0.9 * 70 + 0.1 * 39.9) * 100) / 100 }, // 66.99
      { group: 'female', percentage: 0.9 * 30 + 0.1 * 60 }, // 33
    ]);
    // US: 0.9 × 66.67% + 0.1 × 20% = 62%; GB 30%; IN 8%; counts are the views added.
    expect(d.data.country).toEqual([
      { code: 'US', percentage: 62, count: 6200 },
      { code: 'GB', percentage: 30, count: 3000 },
      { code: 'IN', percentage: 8, count: 800 },
    ]);
    expect(d.data.city).toBeUndefined(); // YouTube reports no cities
    expect(d.data.count_unit).toBe('views');
    expect(d.data.reason).toBeNull();
    expect(d.sampleSize).toBe(10_000);
    expect(d.confidence).toBe(expectedConfidence(10_000));
    expect(d.confidence).toBe(0.9);
    expect(d.data.source.api).toMatch(/YouTube Analytics/);
    expect(d.data.source.reported_at).toBe(REPORTED.toISOString());
    expect(d.data.source.accounts).toHaveLength(2);
    for (const a of d.data.source.accounts) expect(a).toMatchObject({ period_start: '2026-03-18', period_end: '2026-06-15', basis: 'views', reason: null });
    expect(d.summary).toMatch(/25-34 \(47%\).*66\.99% male.*US \(62%\)/);
  });

  it('Instagram: shares of the described followers; the account under 100 followers is listed with its reason and adds nothing', async () => {
    const d = byPlatform(await compute(alice)).get('instagram')!;
    const pct = (v: number, total: number) => Math.round((100 * v * 100) / total) / 100;
    expect(d.data.age).toEqual([
      { group: '18-24', percentage: pct(600, 1800) },
      { group: '25-34', percentage: 50 },
      { group: '35-44', percentage: pct(300, 1800) },
    ]);
    expect(d.data.gender).toEqual([
      { group: 'female', percentage: pct(1000, 1800) },
      { group: 'male', percentage: pct(700, 1800) },
      { group: 'unspecified', percentage: pct(100, 1800) },
    ]);
    expect(d.data.country).toEqual([{ code: 'US', percentage: 75, count: 1200 }, { code: 'GB', percentage: 25, count: 400 }]);
    expect(d.data.city).toEqual([{ name: 'New York, New York', percentage: 62.5, count: 500 }, { name: 'London, England', percentage: 37.5, count: 300 }]);
    expect(d.data.count_unit).toBe('followers');
    expect(d.sampleSize).toBe(2500); // the small account's 87 followers rest on nothing
    expect(d.confidence).toBe(expectedConfidence(2500));
    const small = d.data.source.accounts.find((a) => a.account_id === aliceSmallIg)!;
    expect(small).toMatchObject({ basis: 'followers', basis_count: 87, period_start: null });
    expect(small.reason).toMatch(/100 or more followers/);
  });

  it('an Instagram account under 100 followers alone: a record that says why, with nothing in it and confidence 0', async () => {
    const drafts = await compute(carol);
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect(d.platform).toBe('instagram');
    expect(d.data).toMatchObject({ age: [], gender: [], country: [], city: [] });
    expect(d.data.reason).toMatch(/100 or more followers \(this account has 42\)/);
    expect(d.confidence).toBe(0);
    expect(d.sampleSize).toBe(0);
  });

  it('a user sees only their own audience', async () => {
    const bobs = await compute(bob);
    expect(bobs.map((d) => d.platform)).toEqual(['youtube']);
    expect(bobs[0]!.data.country).toEqual([{ code: 'BR', percentage: 50, count: 500 }, { code: 'PT', percentage: 50, count: 500 }]);
    expect(bobs[0]!.data.age).toEqual([{ group: '45-54', percentage: 100 }]);
    const alices = byPlatform(await compute(alice)).get('youtube')!;
    expect(alices.data.country.map((c) => c.code)).not.toContain('BR');
    const aliceAccounts = alices.data.source.accounts.map((a) => a.account_id);
    expect(bobs[0]!.data.source.accounts.some((a) => aliceAccounts.includes(a.account_id))).toBe(false);
  });

  it('no reports at all: no record', async () => {
    const dave = await makeUser(t.db);
    await makeAccount(t.db, dave, 'youtube');
    expect(await compute(dave)).toEqual([]);
  });

  it('the refresh job stores the records (their data within the kind schema)', async () => {
    const result = await refreshInsights(t.db, alice, NOW, [audienceDemographics]);
    expect(result.records).toBe(2);
    const rows = await t.db.query<{ platform: string; sample_size: number; confidence_score: number }>(
      `SELECT platform, sample_size, confidence_score FROM platform_insights WHERE user_id = $1 AND insight_type = 'audience_demographics' ORDER BY platform`,
      [alice],
    );
    expect(rows.map((r) => [r.platform, Number(r.sample_size), Number(r.confidence_score)])).toEqual([['instagram', 2500, expectedConfidence(2500)], ['youtube', 10_000, 0.9]]);
  });

  it('the same answer read again is not stored twice; a new answer is, and the newest one counts', async () => {
    const u = await makeUser(t.db);
    const same = ig(500, { age: { '18-24': 300, '25-34': 100 } });
    const accountId = await seed(u, 'instagram', same);
    const later = new Date(REPORTED.getTime() + 86_400_000);
    const again = await ingest(t.db, { userId: u, accountId, source: 'instagram_api', audience: same.map((r) => ({ ...r, reportedAt: later })) });
    expect(again.changed).toBe(false);
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audience_reports WHERE user_id = $1', [u]))[0]!.n;
    expect(await count()).toBe(4);
    const [checked] = await t.db.query<{ checked_at: Date; reported_at: Date }>(`SELECT checked_at, reported_at FROM audience_reports WHERE user_id = $1 AND dimension = 'age'`, [u]);
    expect(new Date(checked!.checked_at).toISOString()).toBe(later.toISOString());
    expect(new Date(checked!.reported_at).toISOString()).toBe(REPORTED.toISOString());

    const moved = ig(600, { age: { '18-24': 300, '25-34': 300 } }).map((r) => ({ ...r, reportedAt: later }));
    expect((await ingest(t.db, { userId: u, accountId, source: 'instagram_api', audience: moved })).changed).toBe(true);
    expect(await count()).toBe(8);
    const d = (await compute(u))[0]!;
    expect(d.data.age).toEqual([{ group: '18-24', percentage: 50 }, { group: '25-34', percentage: 50 }]);
    expect(d.sampleSize).toBe(600);
  });

  it('refuses a report that claims nothing without saying why', async () => {
    const u = await makeUser(t.db);
    const accountId = await makeAccount(t.db, u, 'youtube');
    await expect(ingest(t.db, { userId: u, accountId, source: 'test', audience: [{ dimension: 'age', metric: 'viewerPercentage', unit: 'percent', values: [], reportedAt: NOW }] })).rejects.toThrow(/unavailableReason/);
  });
});

describe('audience_demographics through GET /api/v1/analytics/insights', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await createTestApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('each user gets their own records, in the documented shape; TikTok absent', async () => {
    const users = [await register(h.app), await register(h.app)];
    const figures = [
      yt({ US: 900, DE: 100 }, { 'age25-34': 100 }, { female: 55, male: 45 }),
      yt({ JP: 4000 }, { 'age18-24': 70, 'age35-44': 30 }, { male: 100 }),
    ];
    const youtubeIds: string[] = [];
    for (const [i, u] of users.entries()) {
      const accountId = await makeAccount(h.t.db, u.id, 'youtube');
      youtubeIds.push(await publicIdOf(h.t.db, 'account', accountId));
      await h.services.ingest({ userId: u.id, accountId, source: 'youtube_api', audience: figures[i]! });
      await makeAccount(h.t.db, u.id, 'tiktok');
      await refreshInsights(h.t.db, u.id, new Date());
    }
    const answers = [];
    for (const u of users) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/analytics/insights?type=audience_demographics', headers: u.auth });
      expect(res.statusCode).toBe(200);
      answers.push(res.json() as { items: { platform: string; insight_type: string; sample_size: number; insight_data: AudienceDemographicsData }[] });
    }
    expect(answers.map((a) => a.items.map((i) => [i.platform, i.insight_type]))).toEqual([[['youtube', 'audience_demographics']], [['youtube', 'audience_demographics']]]);
    expect(answers[0]!.items[0]!.insight_data.country).toEqual([{ code: 'US', percentage: 90, count: 900 }, { code: 'DE', percentage: 10, count: 100 }]);
    expect(answers[0]!.items[0]!.sample_size).toBe(1000);
    expect(answers[1]!.items[0]!.insight_data.country).toEqual([{ code: 'JP', percentage: 100, count: 4000 }]);
    expect(answers[1]!.items[0]!.insight_data.age).toEqual([{ group: '18-24', percentage: 70 }, { group: '35-44', percentage: 30 }]);
    // The stored record names its account by key; the answer by the account's public id (UUID).
    expect(answers.map((a) => a.items[0]!.insight_data.source.accounts.map((x) => x.account_id as unknown))).toEqual(youtubeIds.map((id) => [id]));
  });
});
